#ifndef LINKSIEVE_CCURL_H
#define LINKSIEVE_CCURL_H
#include <curl/curl.h>
#endif
