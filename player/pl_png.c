/* pl_png.c: a rendered frame to a PNG file with libpng. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

#include "pl_render.h"

/* The libpng calls, alone in their own frame: nothing here changes after setjmp. */
static int write_rows(png_structp png, png_infop info, FILE *f, SDL_Surface *s, unsigned char *row)
{
	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8, PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < s->h; y++) {
		const uint32_t *src = (const uint32_t *)(const void *)((const uint8_t *)s->pixels +
		                                                       (size_t)y * s->pitch);
		for (int x = 0; x < s->w; x++) {
			row[3 * x] = (unsigned char)(src[x] >> 16);
			row[3 * x + 1] = (unsigned char)(src[x] >> 8);
			row[3 * x + 2] = (unsigned char)src[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	return 0;
}

int pl_png_write(SDL_Surface *s, const char *path)
{
	FILE *f = NULL;
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *row = NULL;
	int rc = -1;
	if (!(f = fopen(path, "wb"))) {
		perror(path);
		return -1;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (!png)
		goto out_close;
	info = png_create_info_struct(png);
	row = malloc((size_t)s->w * 3);
	if (!info || !row)
		goto out_destroy;
	rc = write_rows(png, info, f, s, row);
out_destroy:
	png_destroy_write_struct(&png, info ? &info : NULL);
out_close:
	free(row);
	if (fclose(f) && rc == 0)
		rc = -1;
	if (rc)
		fprintf(stderr, "%s: cannot write the PNG\n", path);
	return rc;
}
