#ifndef LINKSIEVE_CIMAGECODECS_H
#define LINKSIEVE_CIMAGECODECS_H
#include <stddef.h>
#include <stdint.h>
#endif
