/* cmd_transcript.c: placeholder until the subcommand lands. */
#include <stdio.h>

#include "pl_cmd.h"

int pl_cmd_transcript(int argc, char **argv)
{
	fprintf(stderr, "tsync transcript: not implemented yet\n");
	return 1;
}
