#include "CEpoll.h"

#include <errno.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

int lsepoll_create(void) {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd >= 0 ? fd : -errno;
}

int lsepoll_watch(int epoll, int fd, unsigned interest) {
    struct epoll_event event = {0};
    event.events = ((interest & LSEPOLL_READABLE) ? EPOLLIN : 0) | ((interest & LSEPOLL_WRITABLE) ? EPOLLOUT : 0);
    event.data.fd = fd;
    if (epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0) return 0;
    if (errno != ENOENT) return -errno;
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 ? 0 : -errno;
}

int lsepoll_forget(int epoll, int fd) {
    return epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL) == 0 ? 0 : -errno;
}

int lsepoll_wait(int epoll, int *fds, unsigned *readiness, int capacity, int timeout_ms) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epoll, events, capacity, timeout_ms);
    if (count < 0) return errno == EINTR ? 0 : -errno;
    for (int index = 0; index < count; index++) {
        unsigned bits = 0;
        if (events[index].events & EPOLLIN) bits |= LSEPOLL_READABLE;
        if (events[index].events & EPOLLOUT) bits |= LSEPOLL_WRITABLE;
        if (events[index].events & (EPOLLERR | EPOLLHUP)) bits |= LSEPOLL_FAILED;
        fds[index] = events[index].data.fd;
        readiness[index] = bits;
    }
    return count;
}

int lsepoll_eventfd(void) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return fd >= 0 ? fd : -errno;
}
