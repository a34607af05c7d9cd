// The checks of this exercise: to be written.
