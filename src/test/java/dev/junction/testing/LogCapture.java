package dev.junction.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the whole process while open, so a test can check that a client's
 * fault was never logged at ERROR. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger target;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    this((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
  }

  private LogCapture(Logger target) {
    this(target, null);
  }

  private LogCapture(Logger target, @Nullable Level threshold) {
    this.target = target;
    appender.setContext(target.getLoggerContext());
    if (threshold != null) {
      ThresholdFilter f = new ThresholdFilter();
      f.setLevel(threshold.levelStr);
      f.start();
      appender.addFilter(f);
    }
    appender.start();
    target.addAppender(appender);
  }

  /**
   * Records the events of one logger (and its children) only, e.g. {@code junction.access}, which
   * logback-test.xml keeps off the console and away from the root logger.
   */
  public static LogCapture of(String logger) {
    return new LogCapture((Logger) LoggerFactory.getLogger(logger));
  }

  /**
   * Records the whole process's events at ERROR only: for long runs that log many INFO and WARN
   * lines, which would otherwise all be kept in memory.
   */
  public static LogCapture errorsOnly() {
    return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), Level.ERROR);
  }

  /** Events at ERROR so far, formatted as {@code logger: message}. */
  public List<String> errors() {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
          .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
          .toList();
    }
  }

  /** Events at {@code level} or above so far, formatted as {@code logger: message}. */
  public List<String> atLeast(Level level) {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(level))
          .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
          .toList();
    }
  }

  /** Events logged with a throwable (a stack trace on the console) so far, as {@code logger: message}. */
  public List<String> withThrowable() {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getThrowableProxy() != null)
          .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
          .toList();
    }
  }

  /** Every event's formatted message so far. */
  public List<String> messages() {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The formatted messages of one logger so far, in order. */
  public List<String> messages(String logger) {
    synchronized (appender) {
      return appender.list.stream().filter(e -> e.getLoggerName().equals(logger)).map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Override
  public void close() {
    target.detachAppender(appender);
    appender.stop();
  }
}
