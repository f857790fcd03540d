// The test runner's own process under AddressSanitizer (`make test-asan`): leak checking at its
// exit is off. What it would report is the tests' scaffolding (EmbeddedChannels left open,
// Foundation's Process objects), not thebot; every thebot process the tests start keeps leak
// checking on (Sources/SanitizerDefaults). Nothing in any other build.
#include "TestSanitizerDefaults.h"

#if defined(__has_feature)
#  if __has_feature(address_sanitizer)
__attribute__((used, visibility("default")))
int __lsan_is_turned_off(void) {
    return 1;
}
#  endif
#endif
