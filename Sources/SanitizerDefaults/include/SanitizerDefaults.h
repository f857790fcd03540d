// LeakSanitizer defaults for AddressSanitizer builds; see suppressions.c. Nothing to call.
#pragma once
