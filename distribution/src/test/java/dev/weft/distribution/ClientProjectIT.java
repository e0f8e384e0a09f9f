package dev.weft.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft as a user's dependency: this build's artifacts are installed into the local repository, then
 * a separate Maven project whose pom has the README's "Use Weft in your project" snippet verbatim
 * (import {@code weft-bom}, depend on {@code weft-client}) compiles and runs a
 * {@code Client.create()} program.
 * Its runtime classpath holds no test library.
 */
class ClientProjectIT {

  private static final Path CHECKOUT = Path.of(System.getProperty("weft.checkout")).toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("weft.version");

  @Test
  void aSeparateProjectDependingOnWeftClientRunsClientCreate(@TempDir Path project) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "client-project-it"));
    Commands.run(CHECKOUT, Map.of(), logs.resolve("install.log"), 15,
        "mvn", "-B", "-ntp", "-q", "-Dstyle.color=never", "install", "-DskipTests", "-pl", "client,bom", "-am");

    Files.writeString(project.resolve("pom.xml"), pom(readmeSnippet()), StandardCharsets.UTF_8);
    Path source = Files.createDirectories(project.resolve("src/main/java/example"));
    Files.writeString(source.resolve("Main.java"), String.join("\n",
        "package example;",
        "",
        "import dev.weft.client.Client;",
        "import dev.weft.client.TaskFuture;",
        "import java.util.List;",
        "",
        "public class Main {",
        "  public static void main(String[] args) {",
        "    try (Client client = Client.create()) {",
        "      TaskFuture<Integer> a = client.submit(x -> x + 1, 10);",
        "      List<TaskFuture<Integer>> many = client.map(x -> x * 2, List.of(1, 2, 3));",
        "      System.out.println(\"a=\" + a.result() + \" many=\" + client.gather(many).await());",
        "    }",
        "  }",
        "}",
        ""), StandardCharsets.UTF_8);
    Commands.run(project, Map.of(), logs.resolve("build.log"), 10,
        "mvn", "-B", "-ntp", "-q", "-Dstyle.color=never", "package", "dependency:build-classpath",
        "-DincludeScope=runtime", "-Dmdep.outputFile=classpath.txt");

    List<String> classpath = Arrays.asList(Files.readString(project.resolve("classpath.txt")).strip().split(File.pathSeparator));
    assertTrue(classpath.stream().anyMatch(j -> j.contains("weft-client-" + VERSION)), classpath.toString());
    assertEquals(List.of(), Commands.testLibraries(classpath), "no test library on a user's runtime classpath");

    String output = Commands.run(project, Map.of(), logs.resolve("run.log"), 5,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", project.resolve("target/classes") + File.pathSeparator + String.join(File.pathSeparator, classpath),
        "example.Main");
    assertTrue(output.contains("a=11 many=[2, 4, 6]"), output);
  }

  /** The README's pom snippet (marked {@code use-weft-pom}). */
  private static String readmeSnippet() throws Exception {
    String readme = Files.readString(CHECKOUT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- use-weft-pom -->\\s*```xml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README has the use-weft-pom block");
    return m.group(1);
  }

  /** The user's pom: {@code snippet} (the BOM imported, weft-client without a version), plugins pinned. */
  private static String pom(String snippet) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId>
          <artifactId>uses-weft</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        %s
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-jar-plugin</artifactId>
                <version>3.4.2</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.4</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-dependency-plugin</artifactId>
                <version>3.8.1</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(snippet);
  }
}
