/* cmd_play.c: placeholder until the subcommand lands. */
#include <stdio.h>

#include "pl_cmd.h"

int pl_cmd_play(int argc, char **argv)
{
	fprintf(stderr, "tsync play: not implemented yet\n");
	return 1;
}
