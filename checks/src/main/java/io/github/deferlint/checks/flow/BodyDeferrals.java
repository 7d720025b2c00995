package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import io.github.deferlint.checks.flow.Locations.Location;
import io.github.deferlint.checks.flow.Locations.Write;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.InlineAction;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.model.Registration;
import java.util.Optional;

/**
 * The deferred actions a scope body registers on its own scope, and what they write that the body's
 * {@code return} may have read: the source-level half of the question "does a deferred action
 * change what the caller gets?", answered before any graph is built.
 */
public final class BodyDeferrals {
  private final DeferApi api;
  private final InlineBody body;
  private final TreePath bodyPath;
  private final Optional<NamedResults> named;
  private final Locations locations;
  private final VisitorState state;

  /** The deferrals of {@code body} (at {@code bodyPath}), whose named result is {@code named}. */
  public BodyDeferrals(
      DeferApi api,
      InlineBody body,
      TreePath bodyPath,
      Optional<NamedResults> named,
      Locations locations,
      VisitorState state) {
    this.api = api;
    this.body = body;
    this.bodyPath = bodyPath;
    this.named = named;
    this.locations = locations;
    this.state = state;
  }

  /**
   * The deferral {@code call}, somewhere in the body, makes on the body's own scope. The call's
   * path is looked for only when the call is named like a registration: finding it scans the body.
   */
  public Optional<Registration> of(MethodInvocationTree call) {
    TreePath path = api.mayRegister(call) ? TreePath.getPath(bodyPath, call) : null;
    return path == null ? Optional.empty() : of(call, path);
  }

  private Optional<Registration> of(MethodInvocationTree call, TreePath callPath) {
    return api.deferralOn(call, body.scope(), callPath, state);
  }

  /**
   * The locations the action of {@code registration} (at {@code registrationPath}) writes; none
   * when it also sets the named result, which shows that it knows what the caller gets.
   */
  public ImmutableList<Write> writesOf(Registration registration, TreePath registrationPath) {
    ExpressionTree action = stripParentheses(registration.action());
    Optional<InlineAction> inline =
        InlineAction.of(action, registrationPath, state)
            .filter(code -> named.filter(result -> result.sets(code.whole())).isEmpty());
    return locations.writtenBy(action, registration.call(), inline);
  }

  /**
   * Whether anything in the body may change what its caller gets behind a {@code return}, decided
   * on its code (nested code included, a superset of what its graphs hold): a deferral on its scope
   * that may replace the named result, or that writes a location one of the body's {@code return}s
   * returns; or a {@code result.set} in the body's own code, which a {@code return} may overwrite.
   */
  public boolean mayChangeWhatIsReturned() {
    if (named.filter(result -> result.setInOwnCodeOf(body.lambda().getBody())).isPresent()) {
      return true;
    }
    ImmutableSet<Location> returned = locations.returnedByReturnsOf(body.lambda().getBody());
    boolean[] may = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        TreePath path = getCurrentPath();
        Optional<Registration> deferral = of(call, path);
        if (deferral.isPresent()) {
          may[0] |= mayReplaceResult(deferral.get(), path) || writesReturned(deferral.get(), path);
        }
        return may[0] ? null : super.visitMethodInvocation(call, null);
      }

      private boolean mayReplaceResult(Registration deferral, TreePath path) {
        return named
            .filter(
                result ->
                    result.setsByReference(deferral)
                        || result.replacingAction(deferral, path).isPresent())
            .isPresent();
      }

      private boolean writesReturned(Registration deferral, TreePath path) {
        return !returned.isEmpty()
            && writesOf(deferral, path).stream()
                .anyMatch(write -> returned.contains(write.location()));
      }
    }.scan(new TreePath(bodyPath, body.lambda().getBody()), null);
    return may[0];
  }
}
