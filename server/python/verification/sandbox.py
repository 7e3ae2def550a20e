"""Start a verification run's runner inside limits (nbpromote's local executor).

    python sandbox.py CONFIG_JSON -- <python> -m <package> run ...

Before handing over to the runner (exec, same process) it sets the resource limits
(address space, CPU seconds, file size, no core files) and, where the kernel has Landlock
(Linux 5.13+), restricts the process and everything it starts to the paths and TCP ports in
the config: read-only system and Python paths plus the data paths, read-write the run's own
root. Landlock is unprivileged and cannot be lifted by the restricted process. Where it is
missing the run still starts and the first output line says so (the service records it).
"""

import ctypes
import json
import os
import resource
import sys

# Landlock ABI constants (include/uapi/linux/landlock.h).
SYS_CREATE, SYS_ADD_RULE, SYS_RESTRICT = 444, 445, 446
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1, 2, 4, 8
READ = EXECUTE | READ_FILE | READ_DIR
FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1,
             5: (1 << 16) - 1}
DIR_ONLY = READ_DIR | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) \
    | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13)
CONNECT_TCP, BIND_TCP = 2, 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1


class RulesetAttr(ctypes.Structure):
    _fields_ = [('fs', ctypes.c_uint64), ('net', ctypes.c_uint64), ('scoped', ctypes.c_uint64)]


class PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [('allowed', ctypes.c_uint64), ('fd', ctypes.c_int32)]


class NetPort(ctypes.Structure):
    _fields_ = [('allowed', ctypes.c_uint64), ('port', ctypes.c_uint64)]


def landlock(read_paths, write_paths, devices, ports):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return 'unavailable'
    handled_fs = FS_BY_ABI.get(abi, FS_BY_ABI[5])
    handled_net = (CONNECT_TCP | BIND_TCP) if abi >= 4 else 0
    # Abstract unix sockets and signals outside the sandbox (ABI 6) stay out of reach too.
    scoped = 3 if abi >= 6 else 0
    attr = RulesetAttr(handled_fs, handled_net, scoped)
    size = ctypes.sizeof(RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    fd = libc.syscall(SYS_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        raise OSError(ctypes.get_errno(), 'landlock_create_ruleset failed')

    def allow(path, access):
        try:
            pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return  # a path that does not exist grants nothing
        try:
            if not os.path.isdir(path):
                access &= ~DIR_ONLY
            rule = PathBeneath(access & handled_fs, pfd)
            if libc.syscall(SYS_ADD_RULE, fd, 1, ctypes.byref(rule), 0) != 0:
                raise OSError(ctypes.get_errno(), f'landlock_add_rule failed for {path}')
        finally:
            os.close(pfd)

    for p in read_paths:
        allow(p, READ)
    for p in write_paths:
        allow(p, handled_fs)
    for p in devices:
        allow(p, READ_FILE | WRITE_FILE)
    if handled_net:
        for port in ports:
            rule = NetPort(CONNECT_TCP, int(port))
            if libc.syscall(SYS_ADD_RULE, fd, 2, ctypes.byref(rule), 0) != 0:
                raise OSError(ctypes.get_errno(), f'landlock_add_rule failed for port {port}')
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), 'prctl(PR_SET_NO_NEW_PRIVS) failed')
    if libc.syscall(SYS_RESTRICT, fd, 0) != 0:
        raise OSError(ctypes.get_errno(), 'landlock_restrict_self failed')
    os.close(fd)
    return f'landlock abi {abi}'


def main():
    config = json.loads(sys.argv[1])
    command = sys.argv[sys.argv.index('--') + 1:]
    limits = config.get('limits', {})
    if limits.get('memory_bytes'):
        m = int(limits['memory_bytes'])
        resource.setrlimit(resource.RLIMIT_AS, (m, m))
    if limits.get('cpu_seconds'):
        c = int(limits['cpu_seconds'])
        resource.setrlimit(resource.RLIMIT_CPU, (c, c))
    if limits.get('file_bytes'):
        f = int(limits['file_bytes'])
        resource.setrlimit(resource.RLIMIT_FSIZE, (f, f))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # A service that dies (even SIGKILLed) takes its runs with it: the lease says "lost".
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)
    if os.getppid() == 1:
        sys.exit('the service stopped before the run started')
    mode = landlock(config['read'], config['write'], config.get('devices', []),
                    config.get('ports', []))
    print(f'[sandbox] {mode}', file=sys.stderr, flush=True)
    env = dict(os.environ)
    if mode != 'unavailable':
        # /dev/shm is out of reach, so no POSIX semaphores: joblib (scikit-learn) would try one,
        # fail and warn that it runs serially. Told so up front, it runs serially without trying.
        env['JOBLIB_MULTIPROCESSING'] = '0'
    os.execve(command[0], command, env)


if __name__ == '__main__':
    main()
