package dev.weft.protocol.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which options a new JVM gets: the archive of its role and classpath, the options to record it, or none. */
class ClassArchiveTest {

  @TempDir
  Path tmp;

  @Test
  void aClasspathOfJarsRecordsFirstAndMapsOnceTheArchiveExists() throws Exception {
    Path dir = ClassArchive.usable(tmp.resolve("archives"));
    String cp = jar("a.jar") + File.pathSeparator + jar("b.jar");
    List<String> first = ClassArchive.jvmOptions("worker", cp, dir);
    Path archive = ClassArchive.archiveFor("worker", cp, dir);
    assertEquals(List.of("-XX:+RecordDynamicDumpInfo", "-D" + ClassArchive.RECORD_PROPERTY + "=" + archive,
        "-Xlog:cds=off,cds+dynamic=off"), first);
    assertTrue(archive.getFileName().toString().startsWith("worker-") && archive.toString().endsWith(".jsa"), archive.toString());
    Files.write(archive, new byte[] {1});
    assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off"), ClassArchive.jvmOptions("worker", cp, dir));
  }

  @Test
  void aDirectoryOnTheClasspathOrNoUsableDirectoryMeansNoOptions() throws Exception {
    Path dir = ClassArchive.usable(tmp.resolve("archives"));
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    Files.writeString(classes.resolve("A.class"), "x");
    assertEquals(List.of(), ClassArchive.jvmOptions("worker", jar("a.jar") + File.pathSeparator + classes, dir));
    assertEquals(List.of(), ClassArchive.jvmOptions("worker", jar("a.jar").toString(), null));
    assertEquals(List.of(), ClassArchive.jvmOptions("worker", "", dir));
  }

  @Test
  void theArchiveChangesWithTheRoleAndWithAnyJarRebuilt() throws Exception {
    Path dir = ClassArchive.usable(tmp.resolve("archives"));
    Path a = jar("a.jar");
    Path before = ClassArchive.archiveFor("worker", a.toString(), dir);
    assertEquals(before, ClassArchive.archiveFor("worker", a.toString(), dir));
    assertNotEquals(before, ClassArchive.archiveFor("scheduler", a.toString(), dir));
    Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 60_000));
    assertNotEquals(before, ClassArchive.archiveFor("worker", a.toString(), dir));
  }

  @Test
  void theDirectoryIsMadeOwnerOnlyAndOneOthersMayWriteIsRefused() throws Exception {
    Path made = ClassArchive.usable(tmp.resolve("new").resolve("archives"));
    assertNotNull(made);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertNull(ClassArchive.usable(shared));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), made);
    assertNull(ClassArchive.usable(link));
  }

  @Test
  void archivesCanBeTurnedOff() throws Exception {
    String cp = jar("a.jar").toString();
    System.setProperty(ClassArchive.ENABLED_PROPERTY, "false");
    try {
      assertEquals(List.of(), ClassArchive.jvmOptions("worker", cp));
    } finally {
      System.clearProperty(ClassArchive.ENABLED_PROPERTY);
    }
  }

  @Test
  void pruningKeepsTheNewestArchivesAndDropsOldPartialFiles() throws Exception {
    Path dir = ClassArchive.usable(tmp.resolve("archives"));
    long now = System.currentTimeMillis();
    for (int i = 0; i < ClassArchiveRecorder.KEPT + 2; i++) {
      Path a = Files.write(dir.resolve("worker-" + i + ".jsa"), new byte[] {1});
      Files.setLastModifiedTime(a, FileTime.fromMillis(now - i * 60_000L));
    }
    Path oldPartial = Files.write(dir.resolve("worker-x.jsa.11.tmp"), new byte[] {1});
    Files.setLastModifiedTime(oldPartial, FileTime.fromMillis(now - 2 * 3_600_000L));
    Path freshPartial = Files.write(dir.resolve("worker-y.jsa.12.tmp"), new byte[] {1});
    ClassArchiveRecorder.prune(dir);
    for (int i = 0; i < ClassArchiveRecorder.KEPT + 2; i++) {
      assertEquals(i < ClassArchiveRecorder.KEPT, Files.exists(dir.resolve("worker-" + i + ".jsa")), "archive " + i);
    }
    assertTrue(!Files.exists(oldPartial) && Files.exists(freshPartial), "an hour-old partial file goes, a fresh one (a dump under way) stays");
  }

  private Path jar(String name) throws Exception {
    Path p = tmp.resolve(name);
    if (!Files.exists(p)) {
      Files.write(p, new byte[] {'P', 'K', 5, 6});
    }
    return p;
  }
}
