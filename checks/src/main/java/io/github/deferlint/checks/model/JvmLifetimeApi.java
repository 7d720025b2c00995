package io.github.deferlint.checks.model;

import static com.google.errorprone.suppliers.Suppliers.typeFromString;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the checks know about registrations that last until the JVM exits: {@code
 * File.deleteOnExit()}, {@code Runtime.addShutdownHook(Thread)}, Netty's {@code
 * ReferenceCountUtil.releaseLater(msg)}, and the methods users name with {@code
 * -XepOpt:Deferlint:JvmLifetimeMethods=pkg.Type.method,...}; which calls undo them; and the words
 * that say what each keeps and what to do instead.
 */
public final class JvmLifetimeApi {
  private static final String FILE = "java.io.File";
  private static final String RUNTIME = "java.lang.Runtime";
  private static final String FILES = "java.nio.file.Files";
  private static final String NETTY_REFERENCE_COUNT_UTIL = "io.netty.util.ReferenceCountUtil";

  private static final Supplier<Type> PATH_TYPE = typeFromString("java.nio.file.Path");

  /** Calls that name the same file as their receiver, in another type or form. */
  private static final ImmutableSet<String> CONVERSIONS =
      ImmutableSet.of("toFile", "toPath", "getAbsoluteFile", "toAbsolutePath");

  /** What a registration keeps until the JVM exits, and so what the finding says. */
  public enum Kind {
    /** {@code file.deleteOnExit()}: the file's path, in the JVM's delete-on-exit set. */
    DELETE_ON_EXIT,
    /** {@code runtime.addShutdownHook(thread)}: the thread and everything it reaches. */
    SHUTDOWN_HOOK,
    /** Netty's {@code ReferenceCountUtil.releaseLater(msg)}: the message, until its thread ends. */
    RELEASE_LATER,
    /** A method named by {@code -XepOpt:Deferlint:JvmLifetimeMethods}: what it is given. */
    USER_DECLARED
  }

  /**
   * A call that registers something for the JVM's lifetime.
   *
   * @param kept the expression whose value is kept: the file (the receiver of {@code
   *     deleteOnExit}), the hook thread, the message, or a user method's first argument; null where
   *     there is none
   */
  public record LifetimeRegistration(
      Kind kind, MethodInvocationTree call, @Nullable ExpressionTree kept) {}

  /** A user-declared registration method: {@code pkg.Type.method}. */
  private record UserMethod(String type, String method) {}

  private final ImmutableList<UserMethod> userMethods;
  private final ImmutableSet<String> names;

  private JvmLifetimeApi(ImmutableList<UserMethod> userMethods) {
    this.userMethods = userMethods;
    this.names =
        ImmutableSet.<String>builder()
            .add("deleteOnExit", "addShutdownHook", "releaseLater")
            .addAll(userMethods.stream().map(UserMethod::method).iterator())
            .build();
  }

  /**
   * The built-in registrations plus those named by {@code -XepOpt:Deferlint:JvmLifetimeMethods}, a
   * comma-separated list of {@code pkg.Type.method}: calls of a method of that name declared in the
   * type or a subtype, static or not.
   *
   * @throws IllegalArgumentException naming the entry, when an entry is not of that form
   */
  public static JvmLifetimeApi fromFlags(ErrorProneFlags flags) {
    ImmutableList.Builder<UserMethod> methods = ImmutableList.builder();
    for (String entry : flags.getListOrEmpty(Flags.JVM_LIFETIME_METHODS)) {
      int dot = entry.lastIndexOf('.');
      if (dot <= 0 || dot == entry.length() - 1 || entry.startsWith(".") || entry.contains("..")) {
        throw new IllegalArgumentException(
            String.format(
                "-XepOpt:%s: expected pkg.Type.method, got '%s'",
                Flags.JVM_LIFETIME_METHODS, entry));
      }
      methods.add(new UserMethod(entry.substring(0, dot), entry.substring(dot + 1)));
    }
    return new JvmLifetimeApi(methods.build());
  }

  /**
   * Whether {@code call} may be a registration, judged by the method's name alone: the cheap test
   * that lets every other call through without resolving a symbol.
   */
  public boolean mayRegister(MethodInvocationTree call) {
    return names.contains(Sources.calledName(call));
  }

  /**
   * Whether {@code reference} is {@code File::deleteOnExit}, which registers the path of every file
   * it is applied to ({@code files.forEach(File::deleteOnExit)}).
   */
  public static boolean deletesEachOnExit(MemberReferenceTree reference, VisitorState state) {
    MethodSymbol method = getSymbol(reference);
    return reference.getName().contentEquals("deleteOnExit")
        && method != null
        && method.getParameters().isEmpty()
        && ownedBy(method, FILE, state)
        && Functions.isUnbound(reference);
  }

  /** The registration {@code call} makes, if it is one. */
  public Optional<LifetimeRegistration> registration(
      MethodInvocationTree call, VisitorState state) {
    MethodSymbol method = getSymbol(call);
    if (method == null) {
      return Optional.empty();
    }
    String name = method.getSimpleName().toString();
    List<? extends ExpressionTree> arguments = call.getArguments();
    if (name.equals("deleteOnExit") && arguments.isEmpty() && ownedBy(method, FILE, state)) {
      return Optional.of(new LifetimeRegistration(Kind.DELETE_ON_EXIT, call, getReceiver(call)));
    }
    if (name.equals("addShutdownHook")
        && arguments.size() == 1
        && ownedBy(method, RUNTIME, state)) {
      return Optional.of(new LifetimeRegistration(Kind.SHUTDOWN_HOOK, call, arguments.get(0)));
    }
    if (name.equals("releaseLater")
        && !arguments.isEmpty()
        && method.owner.getQualifiedName().contentEquals(NETTY_REFERENCE_COUNT_UTIL)) {
      return Optional.of(new LifetimeRegistration(Kind.RELEASE_LATER, call, arguments.get(0)));
    }
    for (UserMethod user : userMethods) {
      if (user.method().equals(name) && ownedBy(method, user.type(), state)) {
        ExpressionTree kept = arguments.isEmpty() ? getReceiver(call) : arguments.get(0);
        return Optional.of(new LifetimeRegistration(Kind.USER_DECLARED, call, kept));
      }
    }
    return Optional.empty();
  }

  /** The argument of {@code call} when it is {@code Runtime.removeShutdownHook(hook)}. */
  public Optional<ExpressionTree> removedHook(MethodInvocationTree call, VisitorState state) {
    MethodSymbol method = getSymbol(call);
    return method != null
            && method.getSimpleName().contentEquals("removeShutdownHook")
            && call.getArguments().size() == 1
            && ownedBy(method, RUNTIME, state)
        ? Optional.of(call.getArguments().get(0))
        : Optional.empty();
  }

  /**
   * The argument {@code call} removes, if it undoes registrations of {@code registration}, a method
   * named by {@code -XepOpt:Deferlint:JvmLifetimeMethods}: a method of the same type named {@code
   * remove...} or {@code unregister...} ({@code ShutdownHookUtil.removeShutdownHook(hook, ..)} for
   * {@code addShutdownHook}), given what the registration returned.
   */
  public static Optional<ExpressionTree> removedByItsType(
      MethodInvocationTree call, MethodSymbol registration) {
    MethodSymbol method = getSymbol(call);
    if (method == null
        || call.getArguments().isEmpty()
        || !method.owner.equals(registration.owner)) {
      return Optional.empty();
    }
    String name = method.getSimpleName().toString();
    return name.startsWith("remove") || name.startsWith("unregister")
        ? Optional.of(call.getArguments().get(0))
        : Optional.empty();
  }

  /**
   * Whether {@code tree} deletes the file held by {@code file} (a local or field of a {@code File}
   * or a {@code Path}) right away: {@code file.delete()}, or {@code Files.delete(..)} and {@code
   * Files.deleteIfExists(..)} of {@code file} or {@code file.toPath()}.
   */
  public static boolean deletesNow(Tree tree, Symbol file, VisitorState state) {
    if (!(tree instanceof MethodInvocationTree call) || getSymbol(call) == null) {
      return false;
    }
    MethodSymbol method = getSymbol(call);
    String name = method.getSimpleName().toString();
    if (name.equals("delete") && call.getArguments().isEmpty() && ownedBy(method, FILE, state)) {
      return fileVariable(getReceiver(call)) == file;
    }
    return (name.equals("delete") || name.equals("deleteIfExists"))
        && call.getArguments().size() == 1
        && method.owner.getQualifiedName().contentEquals(FILES)
        && fileVariable(call.getArguments().get(0)) == file;
  }

  /**
   * Whether {@code tree} deletes {@code file} now and says whether it did: the JDK's deletions
   * ({@link #deletesNow}), or a method that is given the file, returns a {@code boolean} and has
   * {@code delete} in its name (Ant's {@code FILE_UTILS.tryHardToDelete(f, performGc)}, Commons
   * IO's {@code FileUtils.deleteQuietly(f)}).
   */
  public static boolean triesToDeleteNow(Tree tree, Symbol file, VisitorState state) {
    if (deletesNow(tree, file, state)) {
      return true;
    }
    if (!(tree instanceof MethodInvocationTree call) || getSymbol(call) == null) {
      return false;
    }
    MethodSymbol method = getSymbol(call);
    return method.getReturnType().getKind() == TypeKind.BOOLEAN
        && method.getSimpleName().toString().toLowerCase(Locale.ROOT).contains("delete")
        && call.getArguments().stream().anyMatch(argument -> fileVariable(argument) == file);
  }

  /**
   * The source of the file {@code file} names as a {@code Path}: {@code path} for {@code
   * path.toFile()}, else {@code file.toPath()}.
   */
  public static String pathSource(ExpressionTree file, VisitorState state, int maxLength) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(file);
    Type path = PATH_TYPE.get(state);
    if (stripped instanceof MethodInvocationTree call
        && getSymbol(call) != null
        && getSymbol(call).getSimpleName().contentEquals("toFile")
        && getReceiver(call) != null
        && path != null
        && isSubtype(ASTHelpers.getType(getReceiver(call)), path, state)) {
      return Sources.shortSource(getReceiver(call), state, maxLength);
    }
    return Sources.shortSource(file, state, maxLength) + ".toPath()";
  }

  /**
   * The variable that holds the file {@code tree} names, seen through conversions between {@code
   * File} and {@code Path} ({@code path.toFile()}, {@code file.toPath()}, {@code
   * file.getAbsoluteFile()}); or null.
   */
  public static @Nullable Symbol fileVariable(ExpressionTree tree) {
    ExpressionTree stripped = ASTHelpers.stripParentheses(tree);
    while (stripped instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && getReceiver(call) != null
        && getSymbol(call) != null
        && CONVERSIONS.contains(getSymbol(call).getSimpleName().toString())) {
      stripped = ASTHelpers.stripParentheses(getReceiver(call));
    }
    Symbol symbol = getSymbol(stripped);
    return symbol instanceof VarSymbol ? symbol : null;
  }

  /**
   * Whether {@code tree}, seen through conversions between {@code File} and {@code Path}, makes a
   * new temporary directory: {@code Files.createTempDirectory(..)}, Guava's {@code
   * Files.createTempDir()}.
   */
  public static boolean makesTemporaryDirectory(@Nullable ExpressionTree tree) {
    ExpressionTree stripped = tree == null ? null : ASTHelpers.stripParentheses(tree);
    while (stripped instanceof MethodInvocationTree call
        && getSymbol(call) != null
        && CONVERSIONS.contains(getSymbol(call).getSimpleName().toString())
        && getReceiver(call) != null) {
      stripped = ASTHelpers.stripParentheses(getReceiver(call));
    }
    if (!(stripped instanceof MethodInvocationTree call) || getSymbol(call) == null) {
      return false;
    }
    MethodSymbol method = getSymbol(call);
    String owner = method.owner.getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    return (owner.equals("java.nio.file.Files") && name.equals("createTempDirectory"))
        || (owner.equals("com.google.common.io.Files") && name.equals("createTempDir"));
  }

  /**
   * Whether {@code call} makes the directory held by {@code file}: {@code file.mkdir()}, {@code
   * file.mkdirs()}, or {@code Files.createDirectory(..)} and {@code Files.createDirectories(..)} of
   * {@code file} or {@code file.toPath()}.
   */
  public static boolean makesDirectory(MethodInvocationTree call, Symbol file) {
    MethodSymbol method = getSymbol(call);
    if (method == null) {
      return false;
    }
    String name = method.getSimpleName().toString();
    if ((name.equals("mkdir") || name.equals("mkdirs")) && call.getArguments().isEmpty()) {
      return method.owner.getQualifiedName().contentEquals("java.io.File")
          && getReceiver(call) != null
          && fileVariable(getReceiver(call)) == file;
    }
    return (name.equals("createDirectory") || name.equals("createDirectories"))
        && !call.getArguments().isEmpty()
        && method.owner.getQualifiedName().contentEquals(FILES)
        && fileVariable(call.getArguments().get(0)) == file;
  }

  private static boolean ownedBy(MethodSymbol method, String type, VisitorState state) {
    Type owner = state.getTypeFromString(type);
    return owner != null && isSubtype(method.owner.type, owner, state);
  }

  // ---------------------------------------------------------------------------------------------
  // Words

  /**
   * What the registration keeps, and until when, for a message: "keeps the path of `tmp` in the
   * JVM's delete-on-exit set until the JVM exits".
   *
   * @param keptSource the source of the kept expression
   * @param thisType the simple name of the class whose instance the hook captures (empty for an
   *     anonymous class), or null
   */
  public static String keeps(Kind kind, String keptSource, @Nullable String thisType) {
    return switch (kind) {
      case DELETE_ON_EXIT ->
          "keeps the path of `"
              + keptSource
              + "` in the JVM's delete-on-exit set until the JVM"
              + " exits";
      case SHUTDOWN_HOOK ->
          thisType == null
              ? "keeps the hook thread, and everything it reaches, until the JVM exits"
              : thisType.isEmpty()
                  ? "keeps the hook thread, and `this` it captures, until the JVM exits"
                  : "keeps the hook thread, and `this` (the `"
                      + thisType
                      + "`) it captures, until the JVM exits";
      case RELEASE_LATER ->
          "keeps `"
              + keptSource
              + "` until the calling thread ends, which for an event-loop or"
              + " pool thread is when the JVM exits";
      case USER_DECLARED ->
          "keeps what it is given until the JVM exits (it is named by -XepOpt:"
              + Flags.JVM_LIFETIME_METHODS
              + ")";
    };
  }

  /** One of what the registration keeps, for "one more ... with every call". */
  public static String unit(Kind kind) {
    return switch (kind) {
      case DELETE_ON_EXIT -> "path";
      case SHUTDOWN_HOOK -> "thread";
      case RELEASE_LATER -> "message";
      case USER_DECLARED -> "registration";
    };
  }

  /**
   * What to do instead, in the words of the API the code uses.
   *
   * @param keptSource the source of the kept expression
   * @param pathSource the source of the kept file as a {@code Path}, for {@code deleteOnExit}
   */
  public static String advice(Kind kind, String keptSource, String pathSource, boolean aDirectory) {
    return switch (kind) {
      case DELETE_ON_EXIT ->
          aDirectory
              ? "Delete the directory and what it holds when done with it instead (at exit"
                  + " `deleteOnExit` removes a directory only if it is empty): each entry, deepest"
                  + " first, then `Files.deleteIfExists("
                  + pathSource
                  + ")`, in a `finally`, or in a deferral scope's `defer`"
              : "Delete the file when done with it instead: `Files.deleteIfExists("
                  + pathSource
                  + ")` in a `finally`, or in a deferral scope's `defer`";
      case SHUTDOWN_HOOK ->
          "Register one hook at startup that closes a registry of the live objects, or keep this"
              + " hook in a field and remove it in `close()`"
              + " (`Runtime.getRuntime().removeShutdownHook(hook)`)";
      case RELEASE_LATER ->
          "Release it when done instead: `ReferenceCountUtil.release("
              + keptSource
              + ")` in a `finally` (Netty deprecated releaseLater for this)";
      case USER_DECLARED -> "Register once, at startup, or undo the registration when done";
    };
  }
}
