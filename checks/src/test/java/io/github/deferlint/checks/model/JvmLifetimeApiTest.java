package io.github.deferlint.checks.model;

import static com.google.common.truth.Truth.assertThat;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** JvmLifetimeApi: which calls register, which remove a hook, which delete a file now. */
final class JvmLifetimeApiTest {
  /** Reports the kind and kept expression of each registration, and each hook removal. */
  @BugPattern(summary = "registration", severity = WARNING)
  public static final class Kinds extends BugChecker implements MethodInvocationTreeMatcher {
    private final JvmLifetimeApi api;

    @Inject
    public Kinds(ErrorProneFlags flags) {
      api = JvmLifetimeApi.fromFlags(flags);
    }

    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      if (api.removedHook(call, state).isPresent()) {
        return buildDescription(call)
            .setMessage("removes " + api.removedHook(call, state).get())
            .build();
      }
      if (!api.mayRegister(call)) {
        return NO_MATCH;
      }
      return api.registration(call, state)
          .map(r -> buildDescription(call).setMessage(r.kind() + " of " + r.kept()).build())
          .orElse(NO_MATCH);
    }
  }

  @Test
  void registrationsAndRemovals() {
    CompilationTestHelper.newInstance(Kinds.class, getClass())
        .setArgs("-XepOpt:Deferlint:JvmLifetimeMethods=com.acme.Cleaner.register")
        .addSourceLines(
            "com/acme/Cleaner.java",
            "package com.acme;",
            "public class Cleaner {",
            "  public void register(Object o) {}",
            "  public static class Sub extends Cleaner {}",
            "}")
        .addSourceLines(
            "io/netty/util/ReferenceCountUtil.java",
            "package io.netty.util;",
            "public final class ReferenceCountUtil {",
            "  public static <T> T releaseLater(T msg) { return msg; }",
            "}")
        .addSourceLines(
            "Calls.java",
            "import io.netty.util.ReferenceCountUtil;",
            "import java.io.File;",
            "class Calls {",
            "  static class MyFile extends File {",
            "    MyFile() { super(\"x\"); }",
            "  }",
            "  void deleteOnExit() {}",
            "  void f(File file, MyFile mine, Runtime runtime, Thread hook, com.acme.Cleaner.Sub sub) {",
            "    // BUG: Diagnostic contains: DELETE_ON_EXIT of file",
            "    file.deleteOnExit();",
            "    // BUG: Diagnostic contains: DELETE_ON_EXIT of mine",
            "    mine.deleteOnExit();",
            "    deleteOnExit();",
            "    // BUG: Diagnostic contains: SHUTDOWN_HOOK of hook",
            "    runtime.addShutdownHook(hook);",
            "    // BUG: Diagnostic contains: removes hook",
            "    Runtime.getRuntime().removeShutdownHook(hook);",
            "    // BUG: Diagnostic contains: RELEASE_LATER of file",
            "    ReferenceCountUtil.releaseLater(file);",
            "    // BUG: Diagnostic contains: USER_DECLARED of file",
            "    sub.register(file);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void malformedEntriesAreNamed() {
    for (String entry :
        new String[] {"Cleaner", ".register", "com.acme.Cleaner.", "com..Cleaner"}) {
      IllegalArgumentException failure =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  JvmLifetimeApi.fromFlags(
                      ErrorProneFlags.builder()
                          .putFlag(Flags.JVM_LIFETIME_METHODS, entry)
                          .build()));
      assertThat(failure).hasMessageThat().contains("got '" + entry + "'");
    }
  }
}
