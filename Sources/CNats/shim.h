#ifndef THEBOT_CNATS_SHIM_H
#define THEBOT_CNATS_SHIM_H
/* The official NATS C client (Debian libnats-dev), JetStream included. */
#include <nats/nats.h>
#endif
