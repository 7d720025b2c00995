import io.github.deferlint.defer.Defer;

/** Java 21's case null tests for null as an if does: in the action, and at the caller. */
class NegativeSwitchesOnRecoveredNullsJava21 {
  static void log(Object message) {}

  /** The action rethrows whatever it stopped: Defer.call never returns null for a recovery. */
  int rethrown(String text) {
    return Defer.call(scope -> {
      scope.defer(() -> {
        switch (scope.recover()) {
          case null -> {}
          default -> throw new IllegalStateException("cannot parse " + text);
        }
      });
      return Integer.parseInt(text);
    });
  }

  /** The caller's case null takes the recovered null; the other cases see a value. */
  int checked(String text) {
    String trimmed = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    return switch (trimmed) {
      case null -> 0;
      default -> trimmed.length();
    };
  }

  /** A boxed value: with case null, the switch tests for null before it unboxes. */
  void counted(String text) {
    Integer count = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Integer.parseInt(text);
    });
    switch (count) {
      case null -> log("recovered");
      case 0 -> log("none");
      default -> log(count + " items");
    }
  }

  /** A pattern case before case null, and the default that sees a value. */
  String described(Object value) {
    Object described = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return value;
    });
    return switch (described) {
      case String text -> text.strip();
      case null -> "nothing";
      default -> described.toString();
    };
  }

  enum Mode { READ, WRITE }

  /** Switches that name null, alone or with default, and one on a value checked before. */
  String labelled(String text) {
    String command = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    Mode mode = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Mode.valueOf(text);
    });
    String checked = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    String label = switch (command) {
      case "read" -> "reading";
      case null, default -> "other";
    };
    switch (mode) {
      case READ -> label += "!";
      case null -> label += "?";
      default -> {}
    }
    if (checked == null) {
      return label;
    }
    return switch (checked) {
      case "x" -> label;
      default -> checked;
    };
  }

  /** Only case null, default: the switch tests nothing, and takes null. */
  String onlyNullOrDefault(String text) {
    String command = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    switch (command) {
      case null, default -> log(command);
    }
    return command;
  }
}
