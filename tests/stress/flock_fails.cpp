// Preloaded into evidence-cli by crash_tests: every flock() fails as on a file system that cannot lock
// (some network shares).
#include <cerrno>

extern "C" int flock(int, int)
{
    errno = ENOLCK;
    return -1;
}
