/* cmd_align.c: placeholder until the subcommand lands. */
#include <stdio.h>

#include "pl_cmd.h"

int pl_cmd_align(int argc, char **argv)
{
	fprintf(stderr, "tsync align: not implemented yet\n");
	return 1;
}
