package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;

import com.google.errorprone.fixes.ErrorProneEndPosTable;
import com.google.errorprone.fixes.Replacement;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.tree.JCTree.JCCompilationUnit;
import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** Imports added and removed line by line, the rest of the block as the file has it. */
final class ImportEditsTest {
  private static final String SOURCE =
      """
      package p;

      import java.io.Reader;
      import java.util.List;

      import io.github.deferlint.defer.Scope;

      import static java.util.Objects.requireNonNull;

      class Loads {}
      """;

  @Test
  void eachImportGoesWhereItSortsAmongThoseSharingMostOfItsName() throws IOException {
    String fixed =
        applied(
            Set.of(
                "import io.github.deferlint.defer.Defer",
                "import java.util.Map",
                "import zzz.Last",
                "import static java.util.Objects.isNull"),
            Set.of("import java.io.Reader"));

    assertThat(fixed)
        .isEqualTo(
            """
            package p;

            import java.util.List;
            import java.util.Map;

            import io.github.deferlint.defer.Defer;
            import io.github.deferlint.defer.Scope;
            import zzz.Last;

            import static java.util.Objects.isNull;
            import static java.util.Objects.requireNonNull;

            class Loads {}
            """);
  }

  @Test
  void anImportTheFileHasIsNotAddedAgain() throws IOException {
    assertThat(applied(Set.of("import java.util.List"), Set.of())).isEqualTo(SOURCE);
  }

  @Test
  void theFirstImportOfItsKindStartsAGroupAfterTheBlock() throws IOException {
    String source =
        """
        package p;

        import static java.util.Arrays.asList;
        import static java.util.Objects.requireNonNull;

        class Loads {}
        """;

    assertThat(applied(source, Set.of("import java.util.List", "import java.util.Map"), Set.of()))
        .isEqualTo(
            """
            package p;

            import static java.util.Arrays.asList;
            import static java.util.Objects.requireNonNull;

            import java.util.List;
            import java.util.Map;

            class Loads {}
            """);
  }

  @Test
  void withoutAnyImportTheBlockIsLeftToTheCaller() throws IOException {
    JCCompilationUnit unit = parse("package p;\n\nclass A {}\n");

    assertThat(
            ImportEdits.of(
                unit,
                ErrorProneEndPosTable.create(unit),
                "package p;\n\nclass A {}\n",
                Set.of("import java.util.List"),
                Set.of()))
        .isEqualTo(Optional.empty());
  }

  @Test
  void anImportThatSharesItsLineWithOtherCodeIsEditedAsItsOwnText() throws IOException {
    String source =
        """
        package p; import java.util.List;
        /* the rest */ import java.util.Set; import java.util.Map; class Loads {}
        """;

    assertThat(
            applied(
                source,
                Set.of("import java.util.ArrayList", "import java.util.TreeMap"),
                Set.of("import java.util.Set")))
        .isEqualTo(
            """
            package p; import java.util.ArrayList;
            import java.util.List;
            /* the rest */  import java.util.Map;
            import java.util.TreeMap; class Loads {}
            """);
  }

  @Test
  void aCommentAfterAnImportStaysOnItsLine() throws IOException {
    String source =
        """
        package p;

        import java.util.List; // for the loads

        class Loads {}
        """;

    assertThat(applied(source, Set.of("import java.util.Map"), Set.of()))
        .isEqualTo(
            """
            package p;

            import java.util.List; // for the loads
            import java.util.Map;

            class Loads {}
            """);
  }

  private static String applied(Set<String> toAdd, Set<String> toRemove) throws IOException {
    return applied(SOURCE, toAdd, toRemove);
  }

  private static String applied(String source, Set<String> toAdd, Set<String> toRemove)
      throws IOException {
    JCCompilationUnit unit = parse(source);
    List<Replacement> edits =
        ImportEdits.of(unit, ErrorProneEndPosTable.create(unit), source, toAdd, toRemove)
            .orElseThrow();
    StringBuilder text = new StringBuilder(source);
    edits.stream()
        .sorted(Comparator.comparingInt(Replacement::startPosition).reversed())
        .forEach(
            edit -> text.replace(edit.startPosition(), edit.endPosition(), edit.replaceWith()));
    return text.toString();
  }

  private static JCCompilationUnit parse(String source) throws IOException {
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///p/Loads.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    JavacTask task =
        (JavacTask)
            ToolProvider.getSystemJavaCompiler()
                .getTask(null, null, null, List.of(), null, List.of(file));
    return (JCCompilationUnit) task.parse().iterator().next();
  }
}
