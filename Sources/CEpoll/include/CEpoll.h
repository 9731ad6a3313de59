#ifndef LINKSIEVE_CEPOLL_H
#define LINKSIEVE_CEPOLL_H

/*
 * Linux epoll and eventfd for the fetch loop. Swift's Glibc module does not carry
 * <sys/epoll.h>, and struct epoll_event is packed on x86-64, so the calls are wrapped
 * here and only descriptors and readiness bits cross into Swift.
 */

/* Readiness bits, for what to watch and what is ready. */
#define LSEPOLL_READABLE 1u
#define LSEPOLL_WRITABLE 2u
#define LSEPOLL_FAILED 4u

/* A new epoll instance (close-on-exec), or -errno. */
int lsepoll_create(void);

/* Watches `fd` for `interest` (LSEPOLL_READABLE | LSEPOLL_WRITABLE), adding it or replacing
   its registration. 0, or -errno. */
int lsepoll_watch(int epoll, int fd, unsigned interest);

/* Stops watching `fd`. 0, or -errno (ENOENT and EBADF when it is gone already). */
int lsepoll_forget(int epoll, int fd);

/* Waits at most `timeout_ms` for ready descriptors and writes up to `capacity` of them, with
   their LSEPOLL_* readiness, into the arrays. The count (0 when interrupted), or -errno. */
int lsepoll_wait(int epoll, int *fds, unsigned *readiness, int capacity, int timeout_ms);

/* A non-blocking, close-on-exec eventfd for waking a waiting loop, or -errno. */
int lsepoll_eventfd(void);

#endif
