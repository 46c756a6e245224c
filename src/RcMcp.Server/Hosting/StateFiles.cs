using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RcMcp.Server.Hosting;

/// <summary>A state file or folder that RcMcp refuses to use because another user could read or change it. The
/// message names the file or folder and the fix.</summary>
public sealed class UnsafeStateFileException(string message) : IOException(message);

/// <summary>What to do with an existing file of ours that group or others may read or write.</summary>
public enum LoosePermissions
{
    /// <summary>Refuse it: others may already have read what it holds (the gate store's live tokens).</summary>
    Refuse,
    /// <summary>Tighten it to 0600 and tell the person (the audit log of an older version, created 0644).</summary>
    Tighten,
}

/// <summary>
/// The rules for every file RcMcp keeps for the person (the gate store, the audit log, the sandbox registration, cost
/// reports) and for the files it reads keys from, so that another local user cannot turn them against their owner:
/// the state folder is created 0700 and refused when it is another user's or writable by group or others; files are
/// created 0600 and opened without following symbolic links (open(2) with O_NOFOLLOW), then checked on the open
/// descriptor (fstat: a regular file of ours, one link, no group or other bits), so a link, a hard link or a file
/// planted by someone else is never read nor written through. Linux only (the server runs there); elsewhere the
/// checks are skipped.
/// </summary>
public static partial class StateFiles
{
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static bool Enforced => OperatingSystem.IsLinux();

    // Permission bits (C# has no octal literals): 022, 077, 044, 070, 007 and the sticky bit 01000.
    private const uint GroupOtherWrite = 0x12, GroupOtherAll = 0x3F, GroupOtherRead = 0x24, GroupAll = 0x38, OtherAll = 0x7, Sticky = 0x200;

    // ---- folders ----

    /// <summary>
    /// Creates the state folder 0700 when it is missing, and refuses it (with its name and the fix) when another user
    /// owns it or group or others can write in it: they could plant a link or a file of theirs there.
    /// </summary>
    public static string EnsurePrivateFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            try
            {
                if (OperatingSystem.IsLinux()) Directory.CreateDirectory(full, PrivateFolder);
                else Directory.CreateDirectory(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UnsafeStateFileException($"rcmcp: cannot create the state folder {full}: {e.Message}. Create it yourself (mkdir -p -m 700 '{full}') or choose another with --state-dir.");
            }
        }
        CheckFolder(full);
        return full;
    }

    /// <summary>Refuses a state folder that is not a folder of ours closed to group and others.</summary>
    public static void CheckFolder(string folder)
    {
        if (!Enforced) return;
        var full = Path.GetFullPath(folder);
        if (Native.Statx(Native.AtFdCwd, full, 0, Native.StatxBasicStats, out var st) != 0)
            throw new UnsafeStateFileException($"rcmcp: cannot read the state folder {full}: {Native.LastError()}. Choose another with --state-dir.");
        var me = Native.GetEuid();
        if (!st.IsDirectory)
            throw new UnsafeStateFileException($"rcmcp: the state folder {full} is not a folder. Remove it or choose another with --state-dir.");
        if (st.Uid != me)
            throw new UnsafeStateFileException(
                $"rcmcp: the state folder {full} belongs to another user (uid {st.Uid}, you are {me}): they could read your confirmation tokens or plant files there. " +
                $"Use a folder of your own (--state-dir, default $XDG_STATE_HOME/rcmcp), or if it is yours: chown {me} '{full}' && chmod 700 '{full}'.");
        if ((st.Mode & GroupOtherWrite) != 0)
            throw new UnsafeStateFileException(
                $"rcmcp: the state folder {full} is writable by {Who(st.Mode & GroupOtherWrite)} (mode {Octal(st.Mode)}): another user could plant links or files there that RcMcp would use. " +
                $"Fix it: chmod 700 '{full}' (and check what is in it), or choose another folder with --state-dir.");
    }

    // ---- files ----

    /// <summary>
    /// Opens (creating it 0600 when missing) a private file for reading and writing, or for appending, without
    /// following a link, and checks the open file. <paramref name="notice"/> gets the message when a file of ours
    /// with loose permissions was tightened.
    /// </summary>
    public static FileStream OpenPrivate(string path, bool append = false, LoosePermissions loose = LoosePermissions.Refuse, Action<string>? notice = null)
    {
        var flags = Native.ORdWr | Native.OCreat | (append ? Native.OAppend : 0);
        var handle = Open(path, flags, loose, notice) ?? throw new FileNotFoundException(path);
        return new FileStream(handle, append ? FileAccess.Write : FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>Opens an existing private file for reading (null when there is none), with the same checks.</summary>
    public static FileStream? OpenPrivateForRead(string path, LoosePermissions loose = LoosePermissions.Refuse, Action<string>? notice = null) =>
        Open(path, Native.ORdOnly, loose, notice) is { } handle ? new FileStream(handle, FileAccess.Read, bufferSize: 0) : null;

    /// <summary>Creates a new private file (0600); fails when anything, a link included, already has that name.</summary>
    public static FileStream CreateNewPrivate(string path)
    {
        var handle = Open(path, Native.OWrOnly | Native.OCreat | Native.OExcl, LoosePermissions.Refuse, null)!;
        return new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    /// <summary>Writes a whole private file atomically: a new 0600 file beside it, renamed over it (a rename replaces a
    /// link by that name instead of following it).</summary>
    public static void WriteAllBytesPrivate(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = CreateNewPrivate(temporary))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static SafeFileHandle? Open(string path, int flags, LoosePermissions loose, Action<string>? notice)
    {
        var full = Path.GetFullPath(path);
        if (!Enforced)
        {
            var mode = (flags & Native.OCreat) != 0 ? (flags & Native.OExcl) != 0 ? FileMode.CreateNew : FileMode.OpenOrCreate : FileMode.Open;
            if (mode == FileMode.Open && !File.Exists(full)) return null;
            var access = (flags & 3) == Native.ORdOnly ? FileAccess.Read : (flags & 3) == Native.OWrOnly ? FileAccess.Write : FileAccess.ReadWrite;
            return File.OpenHandle(full, (flags & Native.OAppend) != 0 ? FileMode.Append : mode, access, FileShare.ReadWrite | FileShare.Delete);
        }

        // O_NONBLOCK: a FIFO planted under the name must not hang the open (it is refused below as not a file).
        var fd = Native.Open(full, flags | Native.ONoFollow | Native.OCloExec | Native.ONonBlock, 0x180);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Native.ENOENT && (flags & Native.OCreat) == 0) return null;
            if (errno == Native.ELOOP)
                throw new UnsafeStateFileException(
                    $"rcmcp: {full} is a symbolic link{LinkTarget(full)}; RcMcp never reads or writes its files through a link, which another user could aim at your files. " +
                    $"Remove it (rm '{full}') and run again.");
            if (errno == Native.EEXIST) throw new IOException($"{full} already exists");
            throw new IOException($"cannot open {full}: {Native.Describe(errno)}");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (Native.Statx(fd, "", Native.AtEmptyPath, Native.StatxBasicStats, out var st) != 0)
                throw new IOException($"cannot read the status of {full}: {Native.LastError()}");
            var me = Native.GetEuid();
            if (!st.IsRegularFile)
                throw new UnsafeStateFileException($"rcmcp: {full} is not a regular file; RcMcp refuses to use it. Remove it (rm -r '{full}') and run again.");
            if (st.Uid != me)
                throw new UnsafeStateFileException(
                    $"rcmcp: {full} belongs to another user (uid {st.Uid}, you are {me}); RcMcp never uses a state file someone else made. " +
                    $"Remove it (rm '{full}'), check who could write in its folder, and run again.");
            if (st.Nlink != 1)
                throw new UnsafeStateFileException(
                    $"rcmcp: {full} has {st.Nlink} hard links; another name for the same file could be one of your other files. Remove it (rm '{full}') and run again.");
            if ((st.Mode & GroupOtherAll) != 0)
            {
                if (loose == LoosePermissions.Refuse)
                    throw new UnsafeStateFileException(
                        $"rcmcp: {full} can be read or written by {Who(st.Mode & GroupOtherAll)} (mode {Octal(st.Mode)}), so other users may already have read what it holds " +
                        $"(live confirmation tokens). RcMcp refuses it rather than trust it. Remove it (rm '{full}'; pending dry runs and confirmations are lost) and run again.");
                if (Native.Fchmod(fd, 0x180) != 0) throw new IOException($"cannot make {full} private (chmod 600): {Native.LastError()}");
                notice?.Invoke($"{full} was readable or writable by {Who(st.Mode & GroupOtherAll)} (mode {Octal(st.Mode)}); RcMcp made it private (mode 0600).");
            }
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An exclusive lock between the user's RcMcp processes: flock(2) on a private lock file (opened without following
    /// links). It does not depend on .NET's advisory locking (DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns that off), and
    /// the kernel releases it when the holder dies, so a crash never leaves a stale lock. Waits up to
    /// <paramref name="timeout"/> for another process that holds it.
    /// </summary>
    public static IDisposable Lock(string lockPath, TimeSpan timeout)
    {
        var file = OpenPrivate(lockPath);
        if (!Enforced) return file;
        var fd = (int)file.SafeFileHandle.DangerousGetHandle();
        var deadline = DateTime.UtcNow + timeout;
        while (Native.Flock(fd, Native.LockEx | Native.LockNb) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Native.EWOULDBLOCK && errno != Native.EINTR)
            {
                file.Dispose();
                throw new IOException($"cannot lock {lockPath}: {Native.Describe(errno)}");
            }
            if (DateTime.UtcNow > deadline)
            {
                file.Dispose();
                throw new IOException($"another RcMcp process has held {lockPath} for more than {timeout.TotalSeconds:0} s; try again when it has finished.");
            }
            Thread.Sleep(5);
        }
        return file; // closing the descriptor releases the lock
    }

    // ---- files the person gives (keys, profiles) ----

    /// <summary>What the permissions of a file of keys allow others, for the warnings and the apiUrl rule.</summary>
    public sealed record Exposure(bool ReadableByOthers, bool WritableByOthers, string Describe);

    /// <summary>
    /// Who besides the owner can read the file, and whether someone else could change what it says: another owner
    /// (other than root), group or other write bits, or a folder others can write in (without the sticky bit).
    /// </summary>
    public static Exposure? ExposureOf(string path)
    {
        if (!Enforced) return null;
        var full = Path.GetFullPath(path);
        if (Native.Statx(Native.AtFdCwd, full, 0, Native.StatxBasicStats, out var st) != 0) return null;
        var me = Native.GetEuid();
        var readable = (st.Mode & GroupOtherRead) != 0;
        var reasons = new List<string>();
        if (st.Uid != me && st.Uid != 0) reasons.Add($"it belongs to another user (uid {st.Uid})");
        if ((st.Mode & GroupOtherWrite) != 0) reasons.Add($"it is writable by {Who(st.Mode & GroupOtherWrite)} (mode {Octal(st.Mode)})");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && Native.Statx(Native.AtFdCwd, folder, 0, Native.StatxBasicStats, out var dir) == 0)
        {
            if (dir.Uid != me && dir.Uid != 0) reasons.Add($"its folder {folder} belongs to another user (uid {dir.Uid})");
            else if ((dir.Mode & GroupOtherWrite) != 0 && (dir.Mode & Sticky) == 0)
                reasons.Add($"its folder {folder} is writable by {Who(dir.Mode & GroupOtherWrite)} (mode {Octal(dir.Mode)})");
        }
        return new Exposure(readable, reasons.Count > 0,
            readable ? $"readable by {Who(st.Mode & GroupOtherRead)} (mode {Octal(st.Mode)})" + (reasons.Count > 0 ? "; " + string.Join("; ", reasons) : "")
                : string.Join("; ", reasons));
    }

    // ---- helpers ----

    private static string Who(uint bits) =>
        (bits & GroupAll) != 0 && (bits & OtherAll) != 0 ? "group and others" : (bits & GroupAll) != 0 ? "its group" : "all users";

    private static string Octal(uint mode) => "0" + Convert.ToString(mode & 0xFFF, 8).PadLeft(3, '0');

    private static string LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is { } target ? $" (to {target})" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>libc, through blittable signatures (Native AOT friendly). Flag values are Linux's; the few that differ
    /// on ARM are chosen by architecture.</summary>
    internal static partial class Native
    {
        public const int ORdOnly = 0, OWrOnly = 1, ORdWr = 2, OCreat = 0x40, OExcl = 0x80, OAppend = 0x400, ONonBlock = 0x800, OCloExec = 0x80000;
        public static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
        public const int AtFdCwd = -100, AtEmptyPath = 0x1000;
        public const uint StatxBasicStats = 0x7ff;
        public const int ENOENT = 2, EEXIST = 17, ELOOP = 40, EWOULDBLOCK = 11, EINTR = 4;
        public const int LockEx = 2, LockNb = 4, LockUn = 8;

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags, uint mode);

        [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

        public static int Statx(SafeFileHandle handle, out StatxBuffer buffer) =>
            Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, out buffer);

        [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
        public static partial int Fchmod(int fd, uint mode);

        [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
        public static partial int Flock(int fd, int operation);

        [LibraryImport("libc", EntryPoint = "geteuid")]
        public static partial uint GetEuid();

        public static string LastError() => Describe(Marshal.GetLastPInvokeError());

        public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }

    /// <summary>struct statx (linux/stat.h): the same layout on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort RawMode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;

        public readonly uint Mode => RawMode;
        public readonly bool IsDirectory => (RawMode & 0xF000) == 0x4000;
        public readonly bool IsRegularFile => (RawMode & 0xF000) == 0x8000;
    }
}
