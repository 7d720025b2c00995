package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the files, their packages and source roots, and batching them. */
final class SourceSetTest {
  @TempDir Path project;

  @Test
  void packageDeclarationIsFoundPastCommentsAndAnnotations() {
    assertThat(SourceSet.packageOf("package a.b;\nclass C {}")).isEqualTo("a.b");
    assertThat(
            SourceSet.packageOf(
                "/* package x; */\n// package y;\n@Deprecated @Foo(\"package z;\")\npackage"
                    + " a . b ;"))
        .isEqualTo("a.b");
    assertThat(SourceSet.packageOf("import a.b.C;\nclass D {}")).isEmpty();
    assertThat(SourceSet.packageOf("class packaged { int package_; }")).isEmpty();
  }

  @Test
  void rootsAreImpliedByPackages() throws Exception {
    write(project, "module/src/main/java/com/acme/A.java", "package com.acme;\nclass A {}\n");
    write(
        project, "module/src/test/java/com/acme/ATest.java", "package com.acme;\nclass ATest {}\n");
    write(project, "scripts/Tool.java", "class Tool {}\n");
    write(project, "misplaced/B.java", "package com.acme.elsewhere;\nclass B {}\n");
    write(project, ".hidden/Ignored.java", "class Ignored {}\n");
    Files.createSymbolicLink(project.resolve("module/loop"), project);

    SourceSet sources = find(List.of("."));

    assertThat(sources.files().stream().map(SourceSet.SourceFile::qualifiedName).toList())
        .containsExactly("com.acme.elsewhere.B", "com.acme.A", "com.acme.ATest", "Tool")
        .inOrder();
    assertThat(sources.roots())
        .containsExactly(
            project.resolve("module/src/main/java"),
            project.resolve("module/src/test/java"),
            project.resolve("scripts"))
        .inOrder();
  }

  @Test
  void aFileNamedTwiceIsCheckedOnce() {
    write(project, "src/A.java", "class A {}\n");

    SourceSet sources = find(List.of("src", "src/A.java", "./src/../src"));

    assertThat(sources.files()).hasSize(1);
  }

  @Test
  void batchesNeverHoldOneQualifiedNameTwice() {
    List<SourceSet.SourceFile> files =
        List.of(
            file("a", "p.A"),
            file("b", "p.B"),
            file("c", "p.A"),
            file("d", "p.C"),
            file("e", "p.A"));

    List<List<SourceSet.SourceFile>> batches = Linter.batches(files, 3);

    assertThat(batches.stream().map(batch -> batch.stream().map(f -> f.path().toString()).toList()))
        .containsExactly(List.of("a", "b", "d"), List.of("c"), List.of("e"))
        .inOrder();
  }

  @Test
  void batchesHoldAtMostTheirSize() {
    List<SourceSet.SourceFile> files =
        List.of(file("a", "A"), file("b", "B"), file("c", "C"), file("d", "D"), file("e", "E"));

    assertThat(Linter.batches(files, 2).stream().map(List::size).toList())
        .containsExactly(2, 2, 1)
        .inOrder();
  }

  @Test
  void planOfEvenBatchesThatDependsOnTheFilesAlone() {
    assertThat(batchSizes(5001))
        .isEqualTo(List.of(455, 455, 455, 455, 455, 455, 455, 455, 455, 455, 451));
    assertThat(batchSizes(1000)).isEqualTo(List.of(125, 125, 125, 125, 125, 125, 125, 125));
    assertThat(batchSizes(301)).isEqualTo(List.of(101, 101, 99));
    assertThat(batchSizes(150)).isEqualTo(List.of(150));
  }

  private static List<Integer> batchSizes(int files) {
    List<SourceSet.SourceFile> tree = new java.util.ArrayList<>();
    for (int i = 0; i < files; i++) {
      tree.add(file("F" + i + ".java", "F" + i));
    }
    return Linter.plan(tree, Linter.DEFAULT_BATCH_SIZE).stream().map(List::size).toList();
  }

  @Test
  void typesOfAnotherNameAtTheStartOfALine() {
    assertThat(SourceSet.declaresTypeOtherThan("A", "class A {\n  class Nested {}\n}\n")).isFalse();
    assertThat(SourceSet.declaresTypeOtherThan("A", "public final class A {}\nrecord B() {}\n"))
        .isTrue();
    assertThat(
            SourceSet.declaresTypeOtherThan(
                "A", "@Deprecated\nclass A {}\n@SuppressWarnings sealed interface B {}\n"))
        .isTrue();
    assertThat(SourceSet.declaresTypeOtherThan("A", "enum A { X }\n// class B\n")).isFalse();
  }

  private SourceSet find(List<String> arguments) {
    return SourceSet.find(project, arguments, StandardCharsets.UTF_8, Path::toString);
  }

  private static SourceSet.SourceFile file(String path, String qualifiedName) {
    return new SourceSet.SourceFile(Path.of(path), qualifiedName);
  }
}
