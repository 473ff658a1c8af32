package dev.junction.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a composed document before it is read. An alias shares its anchor's node, so the node
 * graph stays small while the tree it stands for may be huge (a "billion laughs" of doubling
 * aliases) or endless (an alias inside its own anchor). This visits each distinct node once and
 * bounds the tree it stands for, in size and in depth; it also refuses tags other than the plain
 * YAML types and merge keys ({@code <<}). Stateless.
 */
final class NodeGuard {
  /** Bound on the nodes of the document once every alias is expanded. */
  static final long MAX_EXPANDED_NODES = 1_000_000;

  private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  private NodeGuard() {}

  /** Records why {@code root} must not be read; returns whether it may be. */
  static boolean check(Node root, LoadProblems problems) {
    Walk walk = new Walk(problems);
    visit(root, 0, walk);
    return walk.ok;
  }

  private static final class Walk {
    final LoadProblems problems;
    final Map<Node, long[]> done = new IdentityHashMap<>();
    final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean ok = true;

    Walk(LoadProblems problems) {
      this.problems = problems;
    }

    long @Nullable [] stop(Node node, String message) {
      problems.add(node, "", message);
      ok = false;
      return null;
    }
  }

  /**
   * Returns {expanded node count, nesting height} of {@code node}, or {@code null} once the walk
   * must stop. {@code depth} counts the mappings and sequences above {@code node}.
   */
  private static long @Nullable [] visit(Node node, int depth, Walk walk) {
    long[] known = walk.done.get(node);
    if (known != null) {
      return depth + known[1] > YamlSource.MAX_DEPTH ? tooDeep(node, walk) : known;
    }
    if (node instanceof ScalarNode) {
      if (!SCALAR_TAGS.contains(node.getTag())) {
        unsupported(node, walk);
      }
      long[] result = {1, 0};
      walk.done.put(node, result);
      return result;
    }
    if (!walk.open.add(node)) {
      String anchor = node.getAnchor() == null ? "" : " *" + node.getAnchor();
      return walk.stop(node, "alias" + anchor + " used inside its own anchor (expected: no recursive structure)");
    }
    if (depth + 1 > YamlSource.MAX_DEPTH) {
      return tooDeep(node, walk);
    }
    if (!node.getTag().equals(node instanceof MappingNode ? Tag.MAP : Tag.SEQ)) {
      unsupported(node, walk);
    }
    long size = 1;
    long height = 1;
    for (Node child : children(node, walk)) {
      long[] c = visit(child, depth + 1, walk);
      if (c == null) {
        return null;
      }
      size += c[0];
      height = Math.max(height, c[1] + 1);
      if (size > MAX_EXPANDED_NODES) {
        return walk.stop(node, "document too large once aliases are expanded (expected: at most "
            + MAX_EXPANDED_NODES + " nodes)");
      }
    }
    walk.open.remove(node);
    long[] result = {size, height};
    walk.done.put(node, result);
    return result;
  }

  private static List<Node> children(Node node, Walk walk) {
    if (node instanceof SequenceNode s) {
      return s.getValue();
    }
    List<NodeTuple> tuples = ((MappingNode) node).getValue();
    List<Node> out = new ArrayList<>(tuples.size() * 2);
    for (NodeTuple t : tuples) {
      if (t.getKeyNode().getTag().equals(Tag.MERGE)) {
        walk.problems.add(t.getKeyNode(), "", "merge keys (<<) are not supported (expected: the keys written out)");
        walk.ok = false;
        continue;
      }
      out.add(t.getKeyNode());
      out.add(t.getValueNode());
    }
    return out;
  }

  private static long @Nullable [] tooDeep(Node node, Walk walk) {
    return walk.stop(node, "nested too deeply once aliases are expanded (expected: at most "
        + YamlSource.MAX_DEPTH + " levels)");
  }

  private static void unsupported(Node node, Walk walk) {
    String tag = node.getTag().getValue();
    String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    walk.problems.add(node, "", "unsupported tag '" + shown + "' (expected: plain YAML values without tags)");
    walk.ok = false;
  }
}
