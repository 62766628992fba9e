/* cmd_demo.c: placeholder until the subcommand lands. */
#include <stdio.h>

#include "pl_cmd.h"

int pl_cmd_demo(int argc, char **argv)
{
	fprintf(stderr, "tsync demo: not implemented yet\n");
	return 1;
}
