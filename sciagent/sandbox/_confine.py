"""Kernel confinement applied from inside the sandbox: Landlock, seccomp, rlimits, prctl.

Standard library and ctypes only, because the in-sandbox worker loads this file
directly (it cannot import sciagent, which is not mounted there).  Everything
here restricts the *calling* process and is inherited by its children; nothing
can be undone.  libseccomp (Debian ``libseccomp2``) compiles the seccomp filter.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import stat
from collections.abc import Iterable

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.prctl.argtypes = [
    ctypes.c_int,
    ctypes.c_ulong,
    ctypes.c_ulong,
    ctypes.c_ulong,
    ctypes.c_ulong,
]

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38


class ConfineError(OSError):
    """A confinement step failed; the worker refuses to run programs without it."""


def _prctl(option: int, arg: int = 0) -> None:
    if _libc.prctl(option, arg, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise ConfineError(err, f"prctl({option}) failed: {os.strerror(err)}")


def no_new_privs() -> None:
    """Required before Landlock and seccomp; also stops setuid binaries gaining rights."""
    _prctl(PR_SET_NO_NEW_PRIVS, 1)


def child_subreaper() -> None:
    """Orphans (double-forked daemons) are re-parented to us, so we can kill them."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def set_dumpable(flag: bool) -> None:
    """Non-dumpable makes /proc/<pid>/mem, environ etc. unreadable to same-uid peers."""
    _prctl(PR_SET_DUMPABLE, 1 if flag else 0)


def die_with_parent(sig: int = 9) -> None:
    _prctl(PR_SET_PDEATHSIG, sig)


# --- Landlock -------------------------------------------------------------------------

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
DEVICES = READ | FS_WRITE_FILE | FS_IOCTL_DEV
WRITE = (
    READ
    | FS_WRITE_FILE
    | FS_REMOVE_DIR
    | FS_REMOVE_FILE
    | FS_MAKE_DIR
    | FS_MAKE_REG
    | FS_MAKE_SOCK
    | FS_MAKE_FIFO
    | FS_MAKE_SYM
    | FS_REFER
    | FS_TRUNCATE
)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when unavailable."""
    res = _libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    return int(res) if res > 0 else 0


def _handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def landlock_restrict(rules: Iterable[tuple[str, int]], *, abi: int | None = None) -> int:
    """Allow only ``rules`` (path, rights) for the filesystem, no TCP, scoped signals and
    abstract sockets (as far as the kernel's ABI allows).  Returns the ABI used.

    Paths that do not exist are skipped; a rule on a file keeps only file rights.
    """
    abi = landlock_abi() if abi is None else abi
    if abi < 1:
        raise ConfineError(errno.ENOSYS, "Landlock is not available in this kernel")
    handled = _handled_fs(abi)
    attr = _RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0, 0)
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        err = ctypes.get_errno()
        raise ConfineError(err, f"landlock_create_ruleset: {os.strerror(err)}")
    try:
        for path, rights in rules:
            _add_path_rule(int(ruleset), path, rights & handled)
        no_new_privs()
        if _libc.syscall(_SYS_RESTRICT_SELF, ctypes.c_int(ruleset), 0) != 0:
            err = ctypes.get_errno()
            raise ConfineError(err, f"landlock_restrict_self: {os.strerror(err)}")
    finally:
        os.close(ruleset)
    return abi


def _add_path_rule(ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= _FILE_RIGHTS
        beneath = _PathBeneathAttr(rights, fd)
        res = _libc.syscall(
            _SYS_ADD_RULE, ctypes.c_int(ruleset), _RULE_PATH_BENEATH, ctypes.byref(beneath), 0
        )
        if res != 0:
            err = ctypes.get_errno()
            raise ConfineError(err, f"landlock_add_rule({path}): {os.strerror(err)}")
    finally:
        os.close(fd)


# --- seccomp ----------------------------------------------------------------------------

_ACT_ALLOW = 0x7FFF0000
_CMP_NE, _CMP_EQ, _CMP_MASKED_EQ = 1, 4, 7
AF_UNIX = 1


def _act_errno(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


_seccomp: ctypes.CDLL | None = None


def _libseccomp() -> ctypes.CDLL:
    global _seccomp
    if _seccomp is None:
        name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
        lib = ctypes.CDLL(name, use_errno=True)
        lib.seccomp_init.restype = ctypes.c_void_p
        lib.seccomp_init.argtypes = [ctypes.c_uint32]
        lib.seccomp_rule_add_array.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint32,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.POINTER(_ArgCmp),
        ]
        lib.seccomp_load.argtypes = [ctypes.c_void_p]
        lib.seccomp_release.argtypes = [ctypes.c_void_p]
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        _seccomp = lib
    return _seccomp


def seccomp_available() -> bool:
    try:
        _libseccomp()
    except OSError:
        return False
    return True


# System V IPC objects belong to the IPC namespace, not to a process: a segment or
# queue a task creates outlives it (pinning memory outside RLIMIT_AS) and the next
# task can read it.  A namespace per task needs CAP_SYS_ADMIN, which no tier's
# worker has (and a fresh user namespace per task would reopen the kernel surface
# the filter below closes), so the calls are denied.  POSIX shm and semaphores
# (files under /dev/shm) stay per task: Landlock gives /dev/shm no write access.
SYSV_IPC_SYSCALLS = (
    "shmget",
    "shmat",
    "shmdt",
    "shmctl",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "semget",
    "semop",
    "semtimedop",
    "semctl",
    "ipc",  # the multiplexer on 32-bit architectures
)

# Denied outright: debugging other processes, kernel and namespace surgery, io_uring
# (its operations bypass seccomp), keyrings, BPF, perf, SysV IPC.  Programs see EPERM.
DENIED_SYSCALLS = (
    *SYSV_IPC_SYSCALLS,
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "unshare",
    "setns",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "syslog",
    "acct",
    "quotactl",
    "name_to_handle_at",
    "open_by_handle_at",
    "lookup_dcookie",
    "vhangup",
    "personality",
)
_CLONE_NS_FLAGS = (
    0x00020000,  # CLONE_NEWNS
    0x02000000,  # CLONE_NEWCGROUP
    0x04000000,  # CLONE_NEWUTS
    0x08000000,  # CLONE_NEWIPC
    0x10000000,  # CLONE_NEWUSER
    0x20000000,  # CLONE_NEWPID
    0x40000000,  # CLONE_NEWNET
)
_TIOCSTI, _TIOCLINUX = 0x5412, 0x541C


class _Filter:
    """A libseccomp filter that allows by default and denies what we add."""

    def __init__(self) -> None:
        self.lib = _libseccomp()
        self.ctx = self.lib.seccomp_init(_ACT_ALLOW)
        if not self.ctx:
            raise ConfineError(errno.EINVAL, "seccomp_init failed")

    def deny(self, name: str, *cmps: tuple[int, int, int, int], code: int = errno.EPERM) -> None:
        nr = self.lib.seccomp_syscall_resolve_name(name.encode())
        if nr < 0:
            return  # not on this architecture
        arr = (_ArgCmp * max(1, len(cmps)))(*[_ArgCmp(*c) for c in cmps])
        rc = self.lib.seccomp_rule_add_array(self.ctx, _act_errno(code), nr, len(cmps), arr)
        if rc < 0:
            raise ConfineError(-rc, f"seccomp rule for {name}: {os.strerror(-rc)}")

    def load(self) -> None:
        try:
            rc = self.lib.seccomp_load(self.ctx)
            if rc < 0:
                raise ConfineError(-rc, f"seccomp_load: {os.strerror(-rc)}")
        finally:
            self.lib.seccomp_release(self.ctx)


def seccomp_base(*, allow_unix_sockets: bool) -> None:
    """The worker's filter: no foreign sockets, no namespaces, no kernel surgery."""
    f = _Filter()
    for name in DENIED_SYSCALLS:
        f.deny(name)
    f.deny("clone3", code=errno.ENOSYS)  # flags live in memory; glibc falls back to clone
    for flag in _CLONE_NS_FLAGS:
        f.deny("clone", (0, _CMP_MASKED_EQ, flag, flag))
    f.deny("ioctl", (1, _CMP_MASKED_EQ, 0xFFFFFFFF, _TIOCSTI))
    f.deny("ioctl", (1, _CMP_MASKED_EQ, 0xFFFFFFFF, _TIOCLINUX))
    if allow_unix_sockets:
        f.deny("socket", (0, _CMP_NE, AF_UNIX, 0), code=errno.EACCES)
    else:
        f.deny("socket", code=errno.EACCES)
    f.load()


def seccomp_protect(pids: Iterable[int]) -> None:
    """A task's extra filter: it may not signal the worker (or its init), nor everyone.

    Landlock signal scoping (ABI 6) does the same in the kernel; this filter is
    the fallback for older kernels and costs well under a millisecond.
    """
    f = _Filter()
    targets = {-1 & 0xFFFFFFFF}
    for pid in pids:
        targets |= {pid & 0xFFFFFFFF, -pid & 0xFFFFFFFF}
    for target in sorted(targets):
        f.deny("kill", (0, _CMP_MASKED_EQ, 0xFFFFFFFF, target))
        f.deny("tkill", (0, _CMP_MASKED_EQ, 0xFFFFFFFF, target))
        f.deny("tgkill", (0, _CMP_MASKED_EQ, 0xFFFFFFFF, target))
        f.deny("pidfd_open", (0, _CMP_MASKED_EQ, 0xFFFFFFFF, target))
        f.deny("rt_sigqueueinfo", (0, _CMP_MASKED_EQ, 0xFFFFFFFF, target))
        f.deny("rt_tgsigqueueinfo", (0, _CMP_MASKED_EQ, 0xFFFFFFFF, target))
    f.load()


# --- rlimits ----------------------------------------------------------------------------


def set_rlimit(which: int, soft: int, hard: int | None = None) -> None:
    resource.setrlimit(which, (soft, soft if hard is None else hard))


def address_space_bytes() -> int:
    """Current virtual size of this process (from /proc/self/statm)."""
    with open("/proc/self/statm", "rb") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
