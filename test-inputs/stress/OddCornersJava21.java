import io.github.deferlint.defer.Defer;

/** Java 21 constructs (pattern switch over a sealed hierarchy): run only on JDK 21 and newer. */
class OddCornersJava21 {
  sealed interface Shape permits Circle, Square {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  static void log(Object value) {}

  double area(Shape shape) {
    return Defer.named(0.0, (scope, result) -> {
      double area =
          switch (shape) {
            case Circle c -> {
              scope.defer(OddCornersJava21::log, c);
              yield Math.PI * c.radius() * c.radius();
            }
            case Square s -> s.side() * s.side();
          };
      return area;
    });
  }
}
