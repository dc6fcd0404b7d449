/* A stand-in for ProcessPrng, for running nt.exe under wine 8.0 in the tests only.
 *
 * Rust's std for windows-gnu takes its random bytes from ProcessPrng in
 * bcryptprimitives.dll, which wine 8.0 does not have: without this DLL beside nt.exe the
 * process dies at start with status c0000135. Windows 10 and later have the real one, so
 * this file is built by .ci/cross as a test fixture and never shipped.
 *
 * It fills the buffer from SystemFunction036 (RtlGenRandom) in advapi32, which wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
