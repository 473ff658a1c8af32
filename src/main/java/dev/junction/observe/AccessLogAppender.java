package dev.junction.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled {@code logback.xml}'s appender for the access log: each line's message and a newline,
 * to stderr, many lines to one write.
 *
 * <p>An event loop only queues the line (at most {@link #CAPACITY} wait; past that a line is dropped
 * and counted, and the count is logged as a warning). One thread writes what has queued in one
 * system call, then, when nothing is left, naps {@link #NAP_MILLIS} ms ({@link #setNapMillis}) before looking again, and only
 * then sleeps until an event loop wakes it. Under load it is never woken: lines reach stderr within
 * a nap, a few hundred to a write. Logback's {@code AsyncAppender} in front of a console appender,
 * which this replaces, wrote and flushed each line by itself and woke its thread for most lines: on
 * two CPUs at 30,000 requests a second that thread took a tenth of Junction's CPU, most of it in
 * {@code write} and in waking up.
 *
 * <p>Stopping the logger context (and so the JVM's exit, through Junction's shutdown) writes every
 * line still queued.
 */
public final class AccessLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  static final int CAPACITY = 8192;
  static final long NAP_MILLIS = 10;
  private static final int BUFFER = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(AccessLogAppender.class);

  private final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean sleeping;
  private volatile boolean stopping;
  private volatile OutputStream out = System.err;
  private volatile long napNanos = TimeUnit.MILLISECONDS.toNanos(NAP_MILLIS);
  /** Set by {@link #start()} before it marks the appender started (a volatile write appends read). */
  private @Nullable Thread writer;

  /**
   * How long the writer waits, after finding nothing to write, before it sleeps until woken (the
   * {@code <napMillis>} element of the appender in a {@code logback.xml}; default {@value #NAP_MILLIS}):
   * under load, the most a line waits and the least time between two writes.
   */
  public void setNapMillis(long napMillis) {
    this.napNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, napMillis));
  }

  /** For tests: where the lines go instead of stderr; before {@link #start()}. */
  void writeTo(OutputStream target) {
    out = target;
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    stopping = false;
    writer = new Thread(this::run, "junction-access-log");
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!queue.offer(event.getFormattedMessage())) {
      dropped.incrementAndGet();
    } else if (sleeping) {
      LockSupport.unpark(writer);
    }
  }

  /** Writes what is queued, then stops the writer (waiting at most a few seconds for a stuck stderr). */
  @Override
  public void stop() {
    Thread w = writer;
    if (!isStarted() || w == null) {
      return;
    }
    super.stop();
    stopping = true;
    LockSupport.unpark(w);
    try {
      w.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lines dropped so far because {@link #CAPACITY} were already waiting. */
  long dropped() {
    return dropped.get();
  }

  private void run() {
    List<String> lines = new ArrayList<>(CAPACITY);
    byte[] buffer = new byte[BUFFER];
    long reported = 0;
    boolean napped = false;
    while (true) {
      queue.drainTo(lines);
      if (!lines.isEmpty()) {
        write(lines, buffer);
        lines.clear();
        napped = false;
        reported = reportDrops(reported);
        continue;
      }
      if (stopping) {
        return;
      }
      if (!napped) {
        LockSupport.parkNanos(napNanos);
        napped = true;
        continue;
      }
      // Set before looking: a line queued after the look finds it set and wakes this thread.
      sleeping = true;
      if (queue.isEmpty() && !stopping) {
        LockSupport.park(this);
      }
      sleeping = false;
      napped = false;
    }
  }

  private void write(List<String> lines, byte[] buffer) {
    OutputStream target = out;
    int at = 0;
    try {
      for (String line : lines) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (at + bytes.length + 1 > buffer.length) {
          target.write(buffer, 0, at);
          at = 0;
        }
        if (bytes.length + 1 > buffer.length) {
          target.write(bytes);
          target.write('\n');
        } else {
          System.arraycopy(bytes, 0, buffer, at, bytes.length);
          at += bytes.length;
          buffer[at++] = '\n';
        }
      }
      target.write(buffer, 0, at);
      target.flush();
    } catch (IOException e) {
      addError("access log: could not write to stderr", e);
    }
  }

  private long reportDrops(long reported) {
    long now = dropped.get();
    if (now > reported) {
      LOG.warn("access log: {} line(s) dropped: stderr took them slower than they came ({} can wait)",
          now - reported, CAPACITY);
    }
    return now;
  }
}
