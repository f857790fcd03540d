// LeakSanitizer's defaults for AddressSanitizer builds of thebot (`make test-asan`); nothing in
// any other build. Leak checking stays on at exit; a leak in thebot's own code is reported and
// fails the test that ran the binary. Suppressed, each recorded in RELIABILITY.md:
//
// What third-party libraries leak:
//   TOMLKit / toml++          every parsed table (config.toml, theme files);
//   swift-argument-parser     the keys of each parsed command line (InputKey);
//   Foundation's Process      the object `run()` keeps for itself (doctor's checks);
//   FoundationNetworking,     URLSession's requests and libcurl's handles (webhooks);
//   libcurl
//
// What LeakSanitizer cannot see in Swift's object layouts, so that a value still in use at exit
// looks leaked (shown with a ten-line program under `-sanitize=address`):
//   weak references           the side table is reached only through bits of the object's
//                             reference count, never through a plain pointer;
//   indirect enums            a multi-payload enum keeps its case in the spare bits of the
//                             box pointer (the rule language's parsed and compiled trees);
//   Data in an enum payload   Data's storage pointer sits in a multi-payload enum too (the
//                             signal JSON waiting in the webhook queue at exit).
#include "SanitizerDefaults.h"

#if defined(__has_feature)
#  if __has_feature(address_sanitizer)
__attribute__((used, visibility("default")))
const char *__lsan_default_suppressions(void) {
    return "leak:TOMLKit\n"
           "leak:toml::\n"
           "leak:InputKey\n"
           "leak:10Foundation7ProcessC\n"
           "leak:20FoundationNetworking\n"
           "leak:libcurl.so\n"
           "leak:formWeakReference\n"
           "leak:RuleExpressionParser\n"
           "leak:CompiledExpression\n"
           "leak:6SignalV8jsonData\n";
}

// Without the summary of suppressions used: the tests read thebot's standard error.
__attribute__((used, visibility("default")))
const char *__lsan_default_options(void) {
    return "print_suppressions=0";
}
#  endif
#endif
