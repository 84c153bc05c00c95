#include "cli.h"
int cmd_alerts(int argc, char **argv) { (void)argc; (void)argv; return EXIT_USAGE; }
