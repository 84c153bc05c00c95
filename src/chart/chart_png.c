/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_png.c: an opaque cairo image to PNG bytes, through libpng with
 * settings for charts.  cairo's own writer filters every row with every PNG
 * filter and compresses at zlib's default level: for a 1600 x 900 chart that
 * was a third of the whole `incstat chart` process (measured with perf).
 * Charts are flat colour with long runs: unfiltered rows at a low level give
 * files a third larger in a third of the time. */
#include <setjmp.h>
#include <png.h>

#include "chart/chart_internal.h"
#include "core/internal.h"

/* measured on the 1600 x 900 bar chart of `make bench`: cairo's writer
 * 0.09 s and 53 KB; no filter at level 3, 0.06 s and 72 KB; level 4 and up
 * switch zlib to its slow matcher (0.08 s, 54 KB) */
#define PNG_LEVEL 3
#define PNG_FILTERS PNG_FILTER_NONE

/* libpng reports through these: never print, jump back to the caller */
static void on_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void on_write(png_structp png, png_bytep data, size_t n)
{
    chart_buf *b = png_get_io_ptr(png);
    chart_buf_put(b, (const char *)data, n);
    if (b->failed)
        png_error(png, "out of memory");
}

static void on_flush(png_structp png)
{
    (void)png;
}

/* cairo RGB24 pixels are native-endian 32-bit 0xXXRRGGBB */
static void to_rgb(const unsigned char *src, int w, unsigned char *dst)
{
    const uint32_t *p = (const uint32_t *)(const void *)src;
    for (int x = 0; x < w; x++) {
        uint32_t v = p[x];
        dst[3 * x] = (unsigned char)(v >> 16);
        dst[3 * x + 1] = (unsigned char)(v >> 8);
        dst[3 * x + 2] = (unsigned char)v;
    }
}

incstat_status chart_write_png_(cairo_surface_t *s, chart_buf *out, incstat_error *err)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s); /* RGB24, checked by render_on */
    unsigned char *row = incstat_malloc((size_t)w * 3);
    png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, on_error,
                                                    on_warning)
                          : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(png ? &png : NULL, NULL);
        incstat_free_mem(row);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        incstat_free_mem(row);
        return incstat_set_error(err, out->failed ? INCSTAT_ENOMEM : INCSTAT_EIO, 0, 0,
                                 out->failed ? "chart: out of memory" : "chart: PNG: libpng failed");
    }
    png_set_write_fn(png, out, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTERS);
    png_set_compression_level(png, PNG_LEVEL);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        to_rgb(data + (size_t)y * (size_t)stride, w, row);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    incstat_free_mem(row);
    return INCSTAT_OK;
}
