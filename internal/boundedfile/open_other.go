//go:build !unix

package boundedfile

// openNonBlocking is 0 where the system has no O_NONBLOCK; the type check
// before opening is then the only guard against a named pipe.
const openNonBlocking = 0
