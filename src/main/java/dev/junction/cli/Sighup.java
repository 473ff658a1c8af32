package dev.junction.cli;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on {@code SIGHUP} (or another signal, see {@link #handle}), through {@code sun.misc.Signal} (module {@code jdk.unsupported},
 * exported without flags on JDK 17 and 25). Reached by reflection: javac's "internal proprietary
 * API" warning cannot be suppressed otherwise. Where the platform has no SIGHUP (Windows) or the JVM
 * reserves it ({@code -Xrs}), or the process inherited it as ignored ({@code nohup}), {@link #install}
 * says so and returns false.
 *
 * <p>The action runs on the JVM's signal dispatch thread: it must return quickly.
 */
final class Sighup {
  private static final Logger LOG = LoggerFactory.getLogger(Sighup.class);

  private Sighup() {}

  /** Installs {@code action} as the SIGHUP handler; false (logged) when it cannot be. */
  static boolean install(Runnable action) {
    return handle("HUP", "trigger a config reload", action);
  }

  /**
   * Installs {@code action} as the handler of signal {@code name} ({@code "HUP"}, {@code "TERM"}),
   * replacing the JVM's; false (logged at WARN with {@code purpose}) when it cannot be.
   */
  static boolean handle(String name, String purpose, Runnable action) {
    requireNonNull(name, "name");
    requireNonNull(purpose, "purpose");
    requireNonNull(action, "action");
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object sig = signal.getConstructor(String.class).newInstance(name);
      InvocationHandler ih = (proxy, method, args) -> {
        if (method.getDeclaringClass() == Object.class) {
          return method.getName().equals("toString") ? "junction SIG" + name + " handler"
              : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
        }
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.warn("SIG{} handling failed: {}", name, e.toString());
        }
        return null;
      };
      Object h = Proxy.newProxyInstance(Sighup.class.getClassLoader(), new Class<?>[] {handler}, ih);
      Object previous = signal.getMethod("handle", signal, handler).invoke(null, sig, h);
      if (previous == handler.getField("SIG_IGN").get(null)) {
        // The JVM leaves a termination signal that the process inherited as ignored (nohup does
        // that to SIGHUP) ignored, and answers so: the handler is not in place.
        LOG.warn("SIG{} cannot {} here: this process was started with SIG{} ignored (under nohup?); "
            + "signals of that kind do nothing", name, purpose, name);
        return false;
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
      LOG.warn("SIG{} cannot {} here: {}", name, purpose, cause.toString());
      return false;
    }
  }

  /** Sends SIGHUP to this JVM (for tests); false when signals are unavailable. */
  static boolean raise() {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      signal.getMethod("raise", signal).invoke(null, signal.getConstructor(String.class).newInstance("HUP"));
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
