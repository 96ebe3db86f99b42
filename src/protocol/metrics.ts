// Which way is better for a metric, in one place for the training loop's callbacks (Keras' 'auto' mode), a
// sweep's default goal and the dashboard's "best" marks.

const HIGHER_IS_BETTER = /acc|auc|precision|recall|f1|r2|iou|dice/i;

/** Accuracy-like and overlap metrics (accuracy, auc, precision, recall, f1, r2, iou, dice) are better higher; losses and errors lower. */
export function isHigherBetter(metric: string): boolean {
  return HIGHER_IS_BETTER.test(metric.replace(/^val_/, ''));
}
