#ifndef LINKSIEVE_CCURL_H
#define LINKSIEVE_CCURL_H

#include <curl/curl.h>

/*
 * Typed, non-variadic entry points for the parts of libcurl Swift cannot call:
 * curl_easy_setopt, curl_multi_setopt and curl_easy_getinfo are variadic, and
 * CURL_GLOBAL_DEFAULT is a compound macro.
 */

CURLcode lscurl_global_init(void);

CURLcode lscurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode lscurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode lscurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode lscurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

CURLcode lscurl_setopt_write_function(CURL *handle, curl_write_callback callback);
CURLcode lscurl_setopt_header_function(CURL *handle, curl_write_callback callback);
CURLcode lscurl_setopt_opensocket_function(CURL *handle, curl_opensocket_callback callback);
CURLcode lscurl_setopt_prereq_function(CURL *handle, curl_prereq_callback callback);
CURLcode lscurl_setopt_resolver_start_function(CURL *handle, curl_resolver_start_callback callback);

CURLMcode lscurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode lscurl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);
CURLMcode lscurl_multi_setopt_socket_function(CURLM *multi, curl_socket_callback callback);
CURLMcode lscurl_multi_setopt_timer_function(CURLM *multi, curl_multi_timer_callback callback);

CURLcode lscurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode lscurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode lscurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode lscurl_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

/* Reads the parts of a CURLMsg, whose payload is a union Swift imports awkwardly. */
CURL *lscurl_msg_done_handle(const CURLMsg *message);
CURLcode lscurl_msg_done_result(const CURLMsg *message);

#endif
