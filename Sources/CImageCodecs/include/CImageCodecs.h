#ifndef LINKSIEVE_CIMAGECODECS_H
#define LINKSIEVE_CIMAGECODECS_H
#include <stddef.h>
#include <stdint.h>

// libwebp and giflib report errors by return value, so Swift calls them directly.
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/demux.h>
#include <gif_lib.h>

// libjpeg and libpng report errors by longjmp; these wrappers turn that into return codes.
// Decoding is two-step so the caller can refuse oversized images after reading only the header,
// then decode into a buffer it owns: open (header only), read (pixels), close.
// Every function that can fail writes a NUL-terminated reason into `message` (capacity bytes).

#define LSC_MESSAGE_CAPACITY 256

typedef struct lsc_jpeg_reader lsc_jpeg_reader;
typedef struct lsc_png_reader lsc_png_reader;

/// Reads the JPEG header. Returns NULL on failure. On success *width, *height are the image size
/// and *channels the output channel count (1 for greyscale, 3 for everything else).
lsc_jpeg_reader *lsc_jpeg_open(const uint8_t *data, size_t size, int *width, int *height, int *channels,
                               char *message, size_t capacity);
/// Optional, between open and read: asks for the smallest DCT-domain scale 1/2, 1/4 or 1/8 whose shorter side
/// is at least `minimum_side` and, when the image is reduced, grey output (the Y plane) unless it is CMYK/YCCK.
/// An image no scale fits is left as it is. Writes the size and channel count that read will then produce.
/// Returns 0 on success.
int lsc_jpeg_reduce(lsc_jpeg_reader *reader, int minimum_side, int *width, int *height, int *channels,
                    char *message, size_t capacity);
/// Decodes all pixels into samples (width*height*channels bytes, row-major, interleaved).
/// CMYK and YCCK are converted to RGB as Pillow does (Adobe inverted CMYK). Returns 0 on success.
int lsc_jpeg_read(lsc_jpeg_reader *reader, uint8_t *samples, char *message, size_t capacity);
void lsc_jpeg_close(lsc_jpeg_reader *reader);

/// Reads the PNG header. Returns NULL on failure; otherwise as lsc_jpeg_open. Palette images give 3
/// channels, greyscale (with or without alpha) 1, everything else 3: alpha is dropped, not composited.
lsc_png_reader *lsc_png_open(const uint8_t *data, size_t size, int *width, int *height, int *channels,
                             char *message, size_t capacity);
/// Decodes all pixels. 16-bit greyscale is clipped to 255 (Pillow's I;16 to L); other 16-bit
/// images keep the high byte of each sample. Returns 0 on success.
int lsc_png_read(lsc_png_reader *reader, uint8_t *samples, char *message, size_t capacity);
void lsc_png_close(lsc_png_reader *reader);

/// Encodes interleaved 8-bit samples as JPEG: 1 channel grey, 3 RGB (stored as YCbCr), 4 CMYK (stored as
/// CMYK with an Adobe marker). Baseline, or progressive (libjpeg's simple progression) when `progressive`
/// is non-zero. On success returns 0 and *output holds a malloc'd buffer of *output_size bytes that the
/// caller frees with lsc_free.
int lsc_jpeg_encode(const uint8_t *samples, int width, int height, int channels, int quality, int progressive,
                    uint8_t **output, size_t *output_size, char *message, size_t capacity);
/// Encodes interleaved 8-bit samples (1 or 3 channels) as PNG; output as lsc_jpeg_encode.
int lsc_png_encode(const uint8_t *samples, int width, int height, int channels,
                   uint8_t **output, size_t *output_size, char *message, size_t capacity);
void lsc_free(void *pointer);

#endif
