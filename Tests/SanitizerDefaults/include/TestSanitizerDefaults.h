// LeakSanitizer defaults for the test runner under AddressSanitizer; see runner.c.
#pragma once
