package dev.junction.admin;

/** Who made an admin request, as far as the admin listener can tell. */
public enum Principal {
  /** No valid admin token was presented (allowed for reads on a loopback listener only). */
  ANONYMOUS,
  /** The request carried the configured admin token. */
  ADMIN
}
