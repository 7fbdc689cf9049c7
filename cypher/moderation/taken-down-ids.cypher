// Which of the given media ids were taken down (hidden or deleted): they cannot be written again.
UNWIND $ids AS id
MATCH (t:MediaTakedown {id: id})
RETURN collect(id) AS takenDown
