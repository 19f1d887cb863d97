"""The authoring studio: trainers write modules, lessons and quizzes in the browser."""
