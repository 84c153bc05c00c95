/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/chart/chart_png.c: an opaque cairo image to PNG bytes, with settings
 * for charts.  cairo's own writer filters every row with every PNG filter and
 * compresses at zlib's default level: for a 1600 x 900 chart that was a third
 * of the whole `incstat chart` process (measured with perf).  Charts are flat
 * colour with long runs: unfiltered rows at a low level give files a third
 * larger in a third of the time.
 *
 * The image data are compressed in two halves at once, as pigz does: each
 * half a raw deflate stream (the second primed with the last 32 KiB of the
 * first, so it compresses as well), the first ended on a byte boundary by a
 * sync flush, their Adler-32 sums combined, the zlib header and trailer
 * written here.  The halves are the same whether or not the second thread
 * starts, so the bytes never depend on the machine.  Even after the cheaper
 * settings, compression was 14 ms of a 1600 x 1200 choropleth's 46 ms of
 * drawing and writing.  libpng writes the signature and the chunks. */
#include <setjmp.h>
#include <png.h>
#include <zlib.h>

#include "chart/chart_internal.h"
#include "core/internal.h"

/* measured on the 1600 x 900 bar chart of `make bench`: cairo's writer
 * 0.09 s and 53 KB; no filter at level 3, 0.06 s and 72 KB; level 4 and up
 * switch zlib to its slow matcher (0.08 s, 54 KB) */
#define PNG_LEVEL 3

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

/* cairo RGB24 pixels are native-endian 32-bit 0xXXRRGGBB; a PNG row is its
 * filter byte (none) and then RGB */
static void to_row(const unsigned char *src, int w, unsigned char *dst)
{
    const uint32_t *p = (const uint32_t *)(const void *)src;
    dst[0] = 0;
    dst++;
    for (int x = 0; x < w; x++) {
        uint32_t v = p[x];
        dst[3 * x] = (unsigned char)(v >> 16);
        dst[3 * x + 1] = (unsigned char)(v >> 8);
        dst[3 * x + 2] = (unsigned char)v;
    }
}

/* One half of the image: rows [y0, y1) deflated into out. */
typedef struct {
    const unsigned char *data;
    int w, stride, y0, y1, last;
    chart_buf out;
    uLong adler;
    int failed; /* out of memory (zlib's or the buffer's) */
} png_part;

#define DICT_SIZE 32768 /* deflate's window */

static void *deflate_part(void *arg)
{
    png_part *pt = arg;
    size_t rowlen = (size_t)pt->w * 3 + 1;
    /* the rows before this part, as far back as the window reaches */
    int back = pt->y0 == 0 ? 0 : (int)((DICT_SIZE + rowlen - 1) / rowlen);
    if (back > pt->y0)
        back = pt->y0;
    unsigned char *row = incstat_malloc(rowlen * (size_t)(back > 0 ? back : 1));
    unsigned char chunk[65536];
    z_stream z;
    memset(&z, 0, sizeof z);
    pt->adler = adler32(0, NULL, 0);
    if (!row || deflateInit2(&z, PNG_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        incstat_free_mem(row);
        pt->failed = 1;
        return NULL;
    }
    if (back > 0) {
        for (int k = 0; k < back; k++)
            to_row(pt->data + (size_t)(pt->y0 - back + k) * (size_t)pt->stride, pt->w,
                   row + (size_t)k * rowlen);
        size_t n = (size_t)back * rowlen, d = n < DICT_SIZE ? n : DICT_SIZE;
        deflateSetDictionary(&z, row + n - d, (uInt)d);
    }
    for (int y = pt->y0; y < pt->y1 && !pt->failed; y++) {
        to_row(pt->data + (size_t)y * (size_t)pt->stride, pt->w, row);
        pt->adler = adler32(pt->adler, row, (uInt)rowlen);
        int flush = y + 1 < pt->y1 ? Z_NO_FLUSH : pt->last ? Z_FINISH : Z_SYNC_FLUSH;
        z.next_in = row;
        z.avail_in = (uInt)rowlen;
        do {
            z.next_out = chunk;
            z.avail_out = sizeof chunk;
            int rc = deflate(&z, flush);
            if (rc == Z_STREAM_ERROR) { /* not from a stream set up as here */
                pt->failed = 1;
                break;
            }
            /* Z_BUF_ERROR: nothing left to write (the last call filled
             * the buffer exactly); not an error */
            chart_buf_put(&pt->out, (const char *)chunk, sizeof chunk - z.avail_out);
            if (pt->out.failed)
                pt->failed = 1;
        } while (!pt->failed && (z.avail_in > 0 || z.avail_out == 0) &&
                 !(z.avail_out == sizeof chunk));
    }
    deflateEnd(&z);
    incstat_free_mem(row);
    return NULL;
}

/* IDAT chunks of at most this many bytes each (a chunk's length is 31 bits) */
#define IDAT_MAX ((size_t)1 << 20)

static void put_idat(png_structp png, const unsigned char *p, size_t n)
{
    static const png_byte idat[5] = {'I', 'D', 'A', 'T', '\0'};
    for (size_t at = 0; at < n; at += IDAT_MAX)
        png_write_chunk(png, idat, p + at, n - at < IDAT_MAX ? n - at : IDAT_MAX);
}

/* the zlib stream's two-byte header, as zlib writes it for PNG_LEVEL and a
 * 32 KiB window (RFC 1950) */
static void zlib_header(unsigned char h[2])
{
    unsigned flevel = PNG_LEVEL < 2 ? 0 : PNG_LEVEL < 6 ? 1 : PNG_LEVEL == 6 ? 2 : 3;
    unsigned v = (0x78u << 8) | (flevel << 6);
    v += 31 - v % 31;
    h[0] = (unsigned char)(v >> 8);
    h[1] = (unsigned char)v;
}

incstat_status chart_write_png_(cairo_surface_t *s, chart_buf *out, incstat_error *err)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s); /* RGB24, checked by render_on */
    /* the zlib stream: its header, the halves, the Adler-32 of all the rows */
    /* a row's 3 w + 1 bytes fit zlib's uInt: w is at most PNG_MAX_SIDE
     * (chart_write.c) */
    png_part parts[2];
    int mid = h / 2; /* a one-row image: the first half is empty */
    for (int k = 0; k < 2; k++)
        parts[k] = (png_part){data, w, stride, k ? mid : 0, k ? h : mid, k, {0}, 0, 0};
    unsigned char head[2];
    zlib_header(head);
    chart_buf_put(&parts[0].out, (const char *)head, 2);
    incstat_run_parallel_(deflate_part, parts, sizeof parts[0], 2);
    uLong sum = adler32_combine(parts[0].adler, parts[1].adler,
                                (z_off_t)((size_t)(h - mid) * ((size_t)w * 3 + 1)));
    unsigned char tail[4];
    for (int k = 0; k < 4; k++)
        tail[k] = (unsigned char)(sum >> (24 - 8 * k));
    chart_buf_put(&parts[1].out, (const char *)tail, 4);
    png_structp png = NULL;
    png_infop info = NULL;
    int oom = parts[0].failed || parts[1].failed || parts[0].out.failed || parts[1].out.failed;
    if (!oom) {
        png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, on_error, on_warning);
        info = png ? png_create_info_struct(png) : NULL;
        oom = !info;
    }
    if (oom) {
        png_destroy_write_struct(png ? &png : NULL, NULL);
        chart_buf_free(&parts[0].out);
        chart_buf_free(&parts[1].out);
        return incstat_set_error(err, INCSTAT_ENOMEM, 0, 0, "chart: out of memory");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        chart_buf_free(&parts[0].out);
        chart_buf_free(&parts[1].out);
        return incstat_set_error(err, out->failed ? INCSTAT_ENOMEM : INCSTAT_EIO, 0, 0,
                                 out->failed ? "chart: out of memory" : "chart: PNG: libpng failed");
    }
    png_set_write_fn(png, out, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    put_idat(png, (const unsigned char *)parts[0].out.p, parts[0].out.len);
    put_idat(png, (const unsigned char *)parts[1].out.p, parts[1].out.len);
    static const png_byte iend[5] = {'I', 'E', 'N', 'D', '\0'};
    png_write_chunk(png, iend, NULL, 0);
    png_destroy_write_struct(&png, &info);
    chart_buf_free(&parts[0].out);
    chart_buf_free(&parts[1].out);
    return INCSTAT_OK;
}
