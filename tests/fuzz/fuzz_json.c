/* fuzz_json.c: libFuzzer target for the project JSON and aeneas sync map readers.
 * Whatever they accept must also be written, read back (or found empty) and checked
 * without a crash. */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_format_one(&sub_format_json, data, size);
	fuzz_format_one(&sub_format_aeneas, data, size);
	return 0;
}
