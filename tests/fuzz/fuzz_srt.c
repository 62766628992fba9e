/* fuzz_srt.c: libFuzzer target for the srt reader. Whatever it accepts must also be
 * written, read back (or found empty) and checked without a crash. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_format_one(&sub_format_srt, data, size);
	return 0;
}
