/** Data sets: the idx reader, Fashion-MNIST's locations and shipped subset, tasks and the validation carve. */
package io.archlab.sandbox.data;
