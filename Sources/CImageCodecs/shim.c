#include "CImageCodecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

// A progressive JPEG can hold thousands of tiny scans that each cost a full pass; real files have < 20.
#define LSC_MAX_JPEG_SCANS 1000

static void lsc_copy_message(char *message, size_t capacity, const char *text) {
    if (message != NULL && capacity > 0) {
        snprintf(message, capacity, "%s", text);
    }
}

// MARK: - JPEG

struct lsc_jpeg_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void lsc_jpeg_error_exit(j_common_ptr cinfo) {
    struct lsc_jpeg_error *error = (struct lsc_jpeg_error *)cinfo->err;
    cinfo->err->format_message(cinfo, error->message);
    longjmp(error->jump, 1);
}

// libjpeg pads a truncated file with grey and only warns; a truncated body is undecodable here.
// Other corrupt-data warnings (extraneous bytes and the like) are common in real files and ignored.
static void lsc_jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0) {
        cinfo->err->num_warnings++;
        if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
            lsc_jpeg_error_exit(cinfo);
        }
    }
}

static void lsc_jpeg_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > LSC_MAX_JPEG_SCANS) {
        struct lsc_jpeg_error *error = (struct lsc_jpeg_error *)cinfo->err;
        snprintf(error->message, sizeof error->message, "more than %d progressive scans", LSC_MAX_JPEG_SCANS);
        longjmp(error->jump, 1);
    }
}

struct lsc_jpeg_reader {
    struct jpeg_decompress_struct info;
    struct lsc_jpeg_error error;
    struct jpeg_progress_mgr progress;
    int channels;
    JSAMPROW cmyk_row;
};

lsc_jpeg_reader *lsc_jpeg_open(const uint8_t *data, size_t size, int *width, int *height, int *channels,
                               char *message, size_t capacity) {
    lsc_jpeg_reader *reader = calloc(1, sizeof *reader);
    if (reader == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        return NULL;
    }
    reader->info.err = jpeg_std_error(&reader->error.base);
    reader->error.base.error_exit = lsc_jpeg_error_exit;
    reader->error.base.emit_message = lsc_jpeg_emit_message;
    if (setjmp(reader->error.jump)) {
        lsc_copy_message(message, capacity, reader->error.message);
        lsc_jpeg_close(reader);
        return NULL;
    }
    jpeg_create_decompress(&reader->info);
    reader->progress.progress_monitor = lsc_jpeg_progress;
    reader->info.progress = &reader->progress;
    jpeg_mem_src(&reader->info, data, (unsigned long)size);
    jpeg_read_header(&reader->info, TRUE);

    switch (reader->info.jpeg_color_space) {
    case JCS_GRAYSCALE:
        reader->info.out_color_space = JCS_GRAYSCALE;
        reader->channels = 1;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        reader->info.out_color_space = JCS_CMYK;
        reader->channels = 3;
        break;
    default:
        reader->info.out_color_space = JCS_RGB;
        reader->channels = 3;
        break;
    }
    *width = (int)reader->info.image_width;
    *height = (int)reader->info.image_height;
    *channels = reader->channels;
    return reader;
}

int lsc_jpeg_reduce(lsc_jpeg_reader *reader, int minimum_side, int *width, int *height, int *channels,
                    char *message, size_t capacity) {
    if (setjmp(reader->error.jump)) {
        lsc_copy_message(message, capacity, reader->error.message);
        return 1;
    }
    // Only the power-of-two scales, which libjpeg-turbo serves with its reduced-size IDCTs; the smallest
    // that keeps the shorter side at least minimum_side.
    unsigned int eighths = 8;
    while (eighths > 1) {
        JDIMENSION shorter = reader->info.image_width < reader->info.image_height ? reader->info.image_width
                                                                                 : reader->info.image_height;
        if ((shorter * (eighths / 2) + 7) / 8 < (JDIMENSION)minimum_side) {
            break;
        }
        eighths /= 2;
    }
    if (eighths < 8) {
        reader->info.scale_num = eighths;
        reader->info.scale_denom = 8;
        // libjpeg-turbo turns YCbCr, RGB and grey into grey (for YCbCr the Y plane alone: the chroma planes
        // are entropy-decoded but never inverse-transformed); CMYK cannot be, and stays CMYK.
        if (reader->info.out_color_space != JCS_CMYK) {
            reader->info.out_color_space = JCS_GRAYSCALE;
            reader->channels = 1;
        }
    }
    jpeg_calc_output_dimensions(&reader->info);
    *width = (int)reader->info.output_width;
    *height = (int)reader->info.output_height;
    *channels = reader->channels;
    return 0;
}

// Pillow reads Adobe CMYK as inverted ("CMYK;I") and converts with nk = 255 - k,
// out = clip(nk - round(c * nk / 255)), where c and k are the un-inverted values.
static void lsc_cmyk_inverted_to_rgb(const uint8_t *in, uint8_t *out, size_t width) {
    for (size_t x = 0; x < width; x++, in += 4, out += 3) {
        int nk = in[3];
        for (int channel = 0; channel < 3; channel++) {
            int tmp = (255 - in[channel]) * nk + 128;
            int value = nk - (((tmp >> 8) + tmp) >> 8);
            out[channel] = (uint8_t)(value < 0 ? 0 : value > 255 ? 255 : value);
        }
    }
}

int lsc_jpeg_read(lsc_jpeg_reader *reader, uint8_t *samples, char *message, size_t capacity) {
    if (setjmp(reader->error.jump)) {
        lsc_copy_message(message, capacity, reader->error.message);
        return 1;
    }
    jpeg_start_decompress(&reader->info);
    size_t width = reader->info.output_width;
    int cmyk = reader->info.out_color_space == JCS_CMYK;
    if (reader->info.output_components != (cmyk ? 4 : reader->channels)) {
        lsc_copy_message(message, capacity, "unexpected JPEG component count");
        return 1;
    }
    if (cmyk) {
        reader->cmyk_row = malloc(width * 4);
        if (reader->cmyk_row == NULL) {
            lsc_copy_message(message, capacity, "out of memory");
            return 1;
        }
    }
    size_t stride = width * (size_t)reader->channels;
    while (reader->info.output_scanline < reader->info.output_height) {
        uint8_t *out = samples + (size_t)reader->info.output_scanline * stride;
        JSAMPROW row = cmyk ? reader->cmyk_row : out;
        if (jpeg_read_scanlines(&reader->info, &row, 1) != 1) {
            lsc_copy_message(message, capacity, "JPEG data ended early");
            return 1;
        }
        if (cmyk) {
            lsc_cmyk_inverted_to_rgb(reader->cmyk_row, out, width);
        }
    }
    // All scanlines are in; a missing EOI after them is common and harmless, so finish is skipped.
    return 0;
}

void lsc_jpeg_close(lsc_jpeg_reader *reader) {
    if (reader == NULL) {
        return;
    }
    jpeg_destroy_decompress(&reader->info);
    free(reader->cmyk_row);
    free(reader);
}

struct lsc_jpeg_writer {
    struct jpeg_compress_struct info;
    struct lsc_jpeg_error error;
    unsigned char *buffer;
    unsigned long size;
};

int lsc_jpeg_encode(const uint8_t *samples, int width, int height, int channels, int quality, int progressive,
                    uint8_t **output, size_t *output_size, char *message, size_t capacity) {
    struct lsc_jpeg_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        return 1;
    }
    writer->info.err = jpeg_std_error(&writer->error.base);
    writer->error.base.error_exit = lsc_jpeg_error_exit;
    if (setjmp(writer->error.jump)) {
        lsc_copy_message(message, capacity, writer->error.message);
        jpeg_destroy_compress(&writer->info);
        free(writer->buffer);
        free(writer);
        return 1;
    }
    jpeg_create_compress(&writer->info);
    jpeg_mem_dest(&writer->info, &writer->buffer, &writer->size);
    writer->info.image_width = (JDIMENSION)width;
    writer->info.image_height = (JDIMENSION)height;
    writer->info.input_components = channels;
    writer->info.in_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&writer->info);
    if (channels == 4) {
        jpeg_set_colorspace(&writer->info, JCS_CMYK);
    }
    jpeg_set_quality(&writer->info, quality, TRUE);
    if (progressive) {
        jpeg_simple_progression(&writer->info);
    }
    jpeg_start_compress(&writer->info, TRUE);
    size_t stride = (size_t)width * (size_t)channels;
    while (writer->info.next_scanline < writer->info.image_height) {
        JSAMPROW row = (JSAMPROW)(samples + (size_t)writer->info.next_scanline * stride);
        jpeg_write_scanlines(&writer->info, &row, 1);
    }
    jpeg_finish_compress(&writer->info);
    *output = writer->buffer;
    *output_size = writer->size;
    jpeg_destroy_compress(&writer->info);
    free(writer);
    return 0;
}

// MARK: - PNG

struct lsc_png_reader {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    char message[LSC_MESSAGE_CAPACITY];
    int width;
    int height;
    int channels;
    int decoded_channels;
    int clip16;
    int passes;
    png_bytep *rows;
    uint8_t *scratch;
};

static void lsc_png_error(png_structp png, png_const_charp text) {
    struct lsc_png_reader *reader = png_get_error_ptr(png);
    snprintf(reader->message, sizeof reader->message, "%s", text);
    png_longjmp(png, 1);
}

static void lsc_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void lsc_png_read_data(png_structp png, png_bytep out, size_t length) {
    struct lsc_png_reader *reader = png_get_io_ptr(png);
    if (length > reader->size - reader->offset) {
        png_error(png, "PNG data ended early");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

lsc_png_reader *lsc_png_open(const uint8_t *data, size_t size, int *width, int *height, int *channels,
                             char *message, size_t capacity) {
    lsc_png_reader *reader = calloc(1, sizeof *reader);
    if (reader == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        return NULL;
    }
    reader->data = data;
    reader->size = size;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, reader, lsc_png_error, lsc_png_warning);
    reader->info = reader->png == NULL ? NULL : png_create_info_struct(reader->png);
    if (reader->info == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        lsc_png_close(reader);
        return NULL;
    }
    if (setjmp(png_jmpbuf(reader->png))) {
        lsc_copy_message(message, capacity, reader->message);
        lsc_png_close(reader);
        return NULL;
    }
    png_set_read_fn(reader->png, reader, lsc_png_read_data);
    png_read_info(reader->png, reader->info);

    int color_type = png_get_color_type(reader->png, reader->info);
    int bit_depth = png_get_bit_depth(reader->png, reader->info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_set_palette_to_rgb(reader->png);
    }
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) {
        png_set_expand_gray_1_2_4_to_8(reader->png);
    }
    // Pillow opens 16-bit grey as I;16 and clips it to 255 when converting to L; every other
    // 16-bit layout it reads through a ";16B" raw mode that keeps the high byte.
    reader->clip16 = bit_depth == 16 && color_type == PNG_COLOR_TYPE_GRAY;
    if (bit_depth == 16 && !reader->clip16) {
        png_set_strip_16(reader->png);
    }
    reader->passes = png_set_interlace_handling(reader->png);
    png_read_update_info(reader->png, reader->info);

    reader->width = (int)png_get_image_width(reader->png, reader->info);
    reader->height = (int)png_get_image_height(reader->png, reader->info);
    reader->decoded_channels = png_get_channels(reader->png, reader->info);
    reader->channels = (color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
    *width = reader->width;
    *height = reader->height;
    *channels = reader->channels;
    return reader;
}

static void lsc_png_convert_row(const lsc_png_reader *reader, const uint8_t *in, uint8_t *out) {
    size_t width = (size_t)reader->width;
    if (reader->clip16) {
        for (size_t x = 0; x < width; x++, in += 2) {
            out[x] = in[0] != 0 ? 255 : in[1];
        }
        return;
    }
    // Alpha (and tRNS expanded to alpha) is dropped without compositing, as the PDQ reference does.
    size_t step = (size_t)reader->decoded_channels;
    size_t keep = (size_t)reader->channels;
    for (size_t x = 0; x < width; x++, in += step, out += keep) {
        memcpy(out, in, keep);
    }
}

int lsc_png_read(lsc_png_reader *reader, uint8_t *samples, char *message, size_t capacity) {
    if (setjmp(png_jmpbuf(reader->png))) {
        lsc_copy_message(message, capacity, reader->message);
        return 1;
    }
    size_t height = (size_t)reader->height;
    size_t stride = (size_t)reader->width * (size_t)reader->channels;
    size_t rowbytes = png_get_rowbytes(reader->png, reader->info);
    int direct = !reader->clip16 && reader->decoded_channels == reader->channels && rowbytes == stride;
    if (direct || reader->passes > 1) {
        reader->rows = malloc(height * sizeof *reader->rows);
        if (!direct) {
            reader->scratch = malloc(height * rowbytes);
        }
        if (reader->rows == NULL || (!direct && reader->scratch == NULL)) {
            lsc_copy_message(message, capacity, "out of memory");
            return 1;
        }
        for (size_t y = 0; y < height; y++) {
            reader->rows[y] = direct ? samples + y * stride : reader->scratch + y * rowbytes;
        }
        png_read_image(reader->png, reader->rows);
        if (!direct) {
            for (size_t y = 0; y < height; y++) {
                lsc_png_convert_row(reader, reader->rows[y], samples + y * stride);
            }
        }
        return 0;
    }
    reader->scratch = malloc(rowbytes);
    if (reader->scratch == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        return 1;
    }
    for (size_t y = 0; y < height; y++) {
        png_read_row(reader->png, reader->scratch, NULL);
        lsc_png_convert_row(reader, reader->scratch, samples + y * stride);
    }
    return 0;
}

void lsc_png_close(lsc_png_reader *reader) {
    if (reader == NULL) {
        return;
    }
    if (reader->png != NULL) {
        png_destroy_read_struct(&reader->png, reader->info != NULL ? &reader->info : NULL, NULL);
    }
    free(reader->rows);
    free(reader->scratch);
    free(reader);
}

struct lsc_png_writer {
    png_structp png;
    png_infop info;
    uint8_t *buffer;
    size_t size;
    size_t capacity;
    char message[LSC_MESSAGE_CAPACITY];
};

static void lsc_png_write_error(png_structp png, png_const_charp text) {
    struct lsc_png_writer *writer = png_get_error_ptr(png);
    snprintf(writer->message, sizeof writer->message, "%s", text);
    png_longjmp(png, 1);
}

static void lsc_png_write_data(png_structp png, png_bytep data, size_t length) {
    struct lsc_png_writer *writer = png_get_io_ptr(png);
    if (length > writer->capacity - writer->size) {
        size_t capacity = writer->capacity < 4096 ? 4096 : writer->capacity;
        while (length > capacity - writer->size) {
            capacity *= 2;
        }
        uint8_t *grown = realloc(writer->buffer, capacity);
        if (grown == NULL) {
            png_error(png, "out of memory");
        }
        writer->buffer = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->buffer + writer->size, data, length);
    writer->size += length;
}

static void lsc_png_flush(png_structp png) {
    (void)png;
}

int lsc_png_encode(const uint8_t *samples, int width, int height, int channels,
                   uint8_t **output, size_t *output_size, char *message, size_t capacity) {
    struct lsc_png_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        return 1;
    }
    writer->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, writer, lsc_png_write_error, lsc_png_warning);
    writer->info = writer->png == NULL ? NULL : png_create_info_struct(writer->png);
    if (writer->info == NULL) {
        lsc_copy_message(message, capacity, "out of memory");
        if (writer->png != NULL) {
            png_destroy_write_struct(&writer->png, NULL);
        }
        free(writer);
        return 1;
    }
    if (setjmp(png_jmpbuf(writer->png))) {
        lsc_copy_message(message, capacity, writer->message);
        png_destroy_write_struct(&writer->png, &writer->info);
        free(writer->buffer);
        free(writer);
        return 1;
    }
    png_set_write_fn(writer->png, writer, lsc_png_write_data, lsc_png_flush);
    png_set_IHDR(writer->png, writer->info, (png_uint_32)width, (png_uint_32)height, 8,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(writer->png, writer->info);
    size_t stride = (size_t)width * (size_t)channels;
    for (int y = 0; y < height; y++) {
        png_write_row(writer->png, samples + (size_t)y * stride);
    }
    png_write_end(writer->png, NULL);
    png_destroy_write_struct(&writer->png, &writer->info);
    *output = writer->buffer;
    *output_size = writer->size;
    free(writer);
    return 0;
}

void lsc_free(void *pointer) {
    free(pointer);
}
