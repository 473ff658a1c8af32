package dev.junction.admin.example;

import io.vertx.core.Future;
import java.util.List;

/** The widgets API's contract. Non-blocking: called on the event loop. */
public interface WidgetsService {
  /** Every widget, sorted by name. */
  Future<List<Widget>> list();

  /** Adds a widget; fails with ApiException.conflict when the name is taken. */
  Future<Widget> add(Widget widget);
}
