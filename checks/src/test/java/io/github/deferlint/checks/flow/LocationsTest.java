package io.github.deferlint.checks.flow;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.flow.Locations.Location;
import io.github.deferlint.checks.model.DeferApi;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** Which locations a returned value is: {@link Locations#returnedBy}, on its own. */
final class LocationsTest {
  /** Reports the locations {@code probe(value)}'s argument returns, sorted, as kind:name. */
  @BugPattern(summary = "locations probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class LocationsProbe extends Probe {
    private final DeferApi api;

    @Inject
    public LocationsProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return new Locations(api, Optional.empty(), state)
          .returnedBy((ExpressionTree) argument.getLeaf()).stream()
              .map(LocationsProbe::describe)
              .sorted()
              .collect(Collectors.joining(" ", "[", "]"));
    }

    private static String describe(Location location) {
      if (location instanceof Location.Field field) {
        return "field:" + (field.object() == null ? "" : field.object() + ".") + field.field();
      }
      if (location instanceof Location.Element element) {
        return "element:" + element.array() + "[" + element.index() + "]";
      }
      return "holder:" + ((Location.Holder) location).holder();
    }
  }

  @Test
  void returnedLocations() {
    CompilationTestHelper.newInstance(LocationsProbe.class, getClass())
        .addSourceLines(
            "Returned.java",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "class Returned {",
            "  static void probe(Object... values) {}",
            "  static class Box { int value; }",
            "  record Pair(Object first, Object second) {",
            "    static Pair of(Object first, Object second) { return new Pair(first, second); }",
            "  }",
            "  int g;",
            "  static int total;",
            "  void f(boolean c, int[] errors, AtomicInteger counter, Box box, int i) {",
            "    int k = i * 2;",
            "    int moving = i;",
            "    moving++;",
            "    // BUG: Diagnostic contains: [field:g]",
            "    probe(g);",
            "    // BUG: Diagnostic contains: [field:total]",
            "    probe(Returned.total);",
            "    // BUG: Diagnostic contains: [field:box.value]",
            "    probe(box.value);",
            "    // A constant index, or one in an effectively final local.",
            "    // BUG: Diagnostic contains: [element:errors[0]]",
            "    probe(errors[0]);",
            "    // BUG: Diagnostic contains: [element:errors[k]]",
            "    probe(errors[k]);",
            "    // BUG: Diagnostic contains: [holder:counter]",
            "    probe(counter.get());",
            "    // BUG: Diagnostic contains: [field:g holder:counter]",
            "    probe(c ? g : counter.intValue());",
            "    // BUG: Diagnostic contains: [field:g holder:counter]",
            "    probe(switch (i) { case 0 -> g; case 1 -> { int n = 2; yield counter.get(); }"
                + " default -> k * 2; });",
            "    // BUG: Diagnostic contains: [field:g]",
            "    probe((Object) g);",
            "    // A copy built into the value returned: Go's return x, err.",
            "    // BUG: Diagnostic contains: [element:errors[0] field:g]",
            "    probe(new Pair(g, errors[0]));",
            "    // BUG: Diagnostic contains: [holder:counter]",
            "    probe(Pair.of(1, counter.get()));",
            "    // BUG: Diagnostic contains: [field:g]",
            "    probe(\"g=\" + g);",
            "    // The holder itself inside the value: the caller sees later writes.",
            "    // BUG: Diagnostic contains: []",
            "    probe(new Pair(1, errors));",
            "    // A value computed from a location may be meant for later readers.",
            "    // BUG: Diagnostic contains: []",
            "    probe(g + 1);",
            "    // BUG: Diagnostic contains: []",
            "    probe(errors[moving]);",
            "    // BUG: Diagnostic contains: []",
            "    probe(counter);",
            "  }",
            "}")
        .doTest();
  }
}
