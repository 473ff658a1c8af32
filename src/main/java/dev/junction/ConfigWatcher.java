package dev.junction;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file's directory and calls back once the file has been quiet for
 * {@link #DEBOUNCE_MILLIS} after a change. Events for other files in the directory are ignored,
 * except names starting with {@code ..} (Kubernetes swaps a ConfigMap's {@code ..data} link).
 *
 * <p>Runs on its own daemon thread (the callback too, so it must not block for long: the reload it
 * asks for runs asynchronously). {@link #close} stops it; thread-safe.
 */
final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
  static final long DEBOUNCE_MILLIS = 500;

  private final WatchService watch;
  private final Thread thread;

  private ConfigWatcher(WatchService watch, Path file, Runnable onChange) {
    this.watch = watch;
    Path name = requireNonNull(file.getFileName(), "file name");
    this.thread = new Thread(() -> run(name, onChange), "junction-config-watch");
    thread.setDaemon(true);
  }

  /** Starts watching {@code file}; {@code null} (logged) when the platform cannot watch its directory. */
  static @Nullable ConfigWatcher start(Path file, Runnable onChange) {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null) {
      LOG.warn("config file {} is not watched: it has no directory", file);
      return null;
    }
    try {
      WatchService ws = FileSystems.getDefault().newWatchService();
      dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      ConfigWatcher w = new ConfigWatcher(ws, abs, onChange);
      w.thread.start();
      LOG.info("watching {} for changes", abs);
      return w;
    } catch (IOException | RuntimeException e) {
      LOG.warn("config file {} is not watched: {}", file, e.toString());
      return null;
    }
  }

  private void run(Path name, Runnable onChange) {
    try {
      while (true) {
        if (!relevant(watch.take(), name)) {
          continue;
        }
        // Debounce: editors write in several steps; wait until the directory is quiet.
        while (true) {
          WatchKey more = watch.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
          if (more == null) {
            break;
          }
          relevant(more, name);
        }
        try {
          onChange.run();
        } catch (RuntimeException e) {
          LOG.warn("config reload after a file change failed: {}", e.toString());
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  /** Whether {@code key}'s events concern the config file; resets the key. */
  private static boolean relevant(WatchKey key, Path name) {
    boolean hit = false;
    for (WatchEvent<?> e : key.pollEvents()) {
      if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
        hit = true;
      } else if (e.context() instanceof Path p && (p.equals(name) || p.toString().startsWith(".."))) {
        hit = true;
      }
    }
    key.reset();
    return hit;
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      watch.close();
    } catch (IOException e) {
      LOG.debug("closing the config watch: {}", e.toString());
    }
  }
}
