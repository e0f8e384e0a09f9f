package dev.weft.protocol.jvm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An AppCDS archive (HotSpot's class-data sharing) for the JVMs Weft starts: the classes a
 * worker JVM, or a JVM running a cluster, loaded in its first minute, stored once so later JVMs
 * of the same classpath map them instead of loading, verifying and linking each again (a cold
 * start spends most of its time there). There is one archive per role, Java runtime and classpath
 * (its jars' paths, sizes and modification times), in a directory only this user can write
 * ({@code ~/.cache/weft/class-archives}, or {@link #DIR_PROPERTY}); a classpath with a directory
 * on it (a build's {@code target/classes}) has none, as HotSpot archives only jars.
 *
 * <p>{@link #jvmOptions} gives the options for a new JVM: the archive when it exists, or else
 * what lets that JVM write it once it is warm ({@link ClassArchiveRecorder}). An archive that does
 * not match its JVM is ignored by HotSpot, silently (the JVM starts as without one).
 */
public final class ClassArchive {

  /** System property: the directory archives are kept in (default {@code ~/.cache/weft/class-archives}). */
  public static final String DIR_PROPERTY = "weft.classArchive.dir";
  /** System property: {@code false} turns archives off for the JVMs this JVM starts. */
  public static final String ENABLED_PROPERTY = "weft.classArchive";
  /** System property set on a JVM that should write its archive, naming the file. */
  static final String RECORD_PROPERTY = "weft.classArchive.record";
  /** HotSpot's own CDS warnings (a mismatched archive, classes it skips) stay out of the JVM's output. */
  private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";
  /** Only the owner may write where archives are read from: an archive is code the JVM runs. */
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private ClassArchive() {}

  /**
   * The options for a JVM of {@code role} (a name such as {@code "worker"}) on {@code classpath}
   * (as {@code -cp} gets it): the archive to map, or — when there is none yet — the options that
   * make it record one ({@link ClassArchiveRecorder#warm()}); none when archives are off, the
   * classpath holds a directory, or the directory is not this user's alone.
   */
  public static List<String> jvmOptions(String role, String classpath) {
    if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"))) {
      return List.of();
    }
    return jvmOptions(role, classpath, directory());
  }

  /**
   * Prints the options of {@link #jvmOptions(String, String)} for the role {@code args[0]} and this
   * JVM's classpath, one per line: how {@code bin/weft} starts its schedulers and workers.
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ClassArchive ROLE");
    }
    jvmOptions(args[0], System.getProperty("java.class.path")).forEach(System.out::println);
  }

  /** As {@link #jvmOptions(String, String)}, with archives kept in {@code dir} (null: none). */
  static List<String> jvmOptions(String role, String classpath, Path dir) {
    Path archive = dir == null ? null : archiveFor(role, classpath, dir);
    if (archive == null) {
      return List.of();
    }
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive, QUIET);
    }
    return List.of("-XX:+RecordDynamicDumpInfo", "-D" + RECORD_PROPERTY + "=" + archive, QUIET);
  }

  /** The archive file of {@code role} and {@code classpath} in {@code dir}, or null when the classpath holds a directory. */
  static Path archiveFor(String role, String classpath, Path dir) {
    if (classpath.isBlank()) {
      return null;
    }
    MessageDigest digest = sha256();
    update(digest, role);
    update(digest, System.getProperty("java.home"));
    update(digest, System.getProperty("java.vm.version"));
    for (String entry : classpath.split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(p)) {
        return null;
      }
      update(digest, p.toString());
      try {
        update(digest, Files.size(p) + "/" + Files.getLastModifiedTime(p).toMillis());
      } catch (IOException missing) {
        update(digest, "missing");
      }
    }
    return dir.resolve(role + "-" + HexFormat.of().formatHex(digest.digest(), 0, 12) + ".jsa");
  }

  /** The archive directory ({@link #DIR_PROPERTY} or the user's cache), created owner-only if absent; null when unusable. */
  static Path directory() {
    String configured = System.getProperty(DIR_PROPERTY);
    String cache = System.getenv("XDG_CACHE_HOME");
    return usable(configured != null && !configured.isBlank() ? Path.of(configured)
        : (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache"))
            .resolve("weft").resolve("class-archives"));
  }

  /** {@code dir}, created owner-only if absent; null when it cannot be made, is a link, or others may write it. */
  static Path usable(Path path) {
    Path dir = path.toAbsolutePath();
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      boolean ours = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
      return ours && !mode.contains(PosixFilePermission.GROUP_WRITE) && !mode.contains(PosixFilePermission.OTHERS_WRITE)
          ? dir : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void update(MessageDigest digest, String part) {
    digest.update(part.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
