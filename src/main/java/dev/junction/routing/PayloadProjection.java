package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a JSON payload routing reads: the pointers of the payload rules and of the cache's
 * {@code key_fields}. The payload parser builds only these parts of the tree (it still reads and
 * checks the whole body), and {@link Payload.Json} parses the rest only when something asks for a
 * pointer outside them, such as the whole-payload fingerprint of discovery. So a projection never
 * changes an answer, only what it costs: a payload-routed chat request no longer turns every message
 * of its body into tree nodes. Immutable and thread-safe.
 */
public final class PayloadProjection {
  /** Everything: the parser builds the whole tree. */
  public static final PayloadProjection WHOLE = new PayloadProjection(List.of(), null);

  private final List<String> pointers;
  private final @Nullable Level root;

  private PayloadProjection(List<String> pointers, @Nullable Level root) {
    this.pointers = pointers;
    this.root = root;
  }

  /** The projection onto {@code pointers}; {@link #WHOLE} when one of them is the root pointer. */
  public static PayloadProjection of(Collection<JsonPointer> pointers) {
    requireNonNull(pointers, "pointers");
    TreeSet<String> distinct = new TreeSet<>();
    Level root = new Level();
    for (JsonPointer p : pointers) {
      if (p.matches()) {
        return WHOLE;
      }
      distinct.add(p.toString());
      Level at = root;
      for (JsonPointer rest = p; !rest.matches() && at != Level.FULL; rest = rest.tail()) {
        at = at.add(rest.getMatchingProperty(), rest.tail().matches());
      }
    }
    return new PayloadProjection(List.copyOf(distinct), root);
  }

  /** Whether this is {@link #WHOLE}. */
  public boolean isWhole() {
    return root == null;
  }

  /** The pointers, distinct and sorted by their text; empty for {@link #WHOLE}. */
  public List<String> pointers() {
    return pointers;
  }

  /**
   * Whether the projected tree answers {@code pointer} as the whole one does: the pointer is one of
   * the projection's or lies below one. A pointer above one (its parent object) is not covered: the
   * projected parent holds only the projected members.
   */
  public boolean covers(JsonPointer pointer) {
    if (root == null) {
      return true;
    }
    String p = pointer.toString();
    for (String q : pointers) {
      if (p.startsWith(q) && (p.length() == q.length() || p.charAt(q.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /** The top level of the projection, for the parser; {@code null} for {@link #WHOLE}. */
  public @Nullable Level root() {
    return root;
  }

  /**
   * One object level of the projection: which members to build, and whether in full or projected
   * further. Member names are the pointer tokens, unescaped, so {@code /a~1b} is the member
   * {@code "a/b"}; a token such as {@code 0} also names a member, since the parser builds an array on
   * a projected path in full.
   */
  public static final class Level {
    /** Build this member's value in full. */
    public static final Level FULL = new Level();

    private final Map<String, Level> members = new HashMap<>();

    private Level() {}

    private Level add(String name, boolean last) {
      if (last) {
        members.put(name, FULL);
        return FULL;
      }
      Level next = members.get(name);
      if (next == null) {
        next = new Level();
        members.put(name, next);
      }
      return next;
    }

    /** {@link #FULL}, a deeper level, or {@code null} when the member is not projected. */
    public @Nullable Level member(String name) {
      return members.get(name);
    }

    @Override
    public String toString() {
      return this == FULL ? "FULL" : members.toString();
    }
  }

  @Override
  public String toString() {
    return isWhole() ? "PayloadProjection[WHOLE]" : "PayloadProjection" + pointers;
  }
}
