package dev.junction.proxy;

/**
 * The connection pools of one backend, summed over the data plane's event loops, at one moment.
 *
 * @param open connections open or being opened (HTTP/2: connections, not streams)
 * @param idle open connections with nothing to do (HTTP/2: no stream open)
 * @param waiting requests queued for a connection (or an HTTP/2 stream) because the pool is full
 */
public record PoolUsage(int open, int idle, int waiting) {
  public static final PoolUsage NONE = new PoolUsage(0, 0, 0);

  /** Connections open and not idle: carrying an exchange, or being opened for one. */
  public int active() {
    return open - idle;
  }

  PoolUsage plus(Pools.Pool p) {
    return new PoolUsage(open + p.open(), idle + p.idle(), waiting + p.waiting());
  }

  PoolUsage plus(PoolUsage o) {
    return new PoolUsage(open + o.open, idle + o.idle, waiting + o.waiting);
  }
}
