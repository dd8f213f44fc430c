//! Unit tests of the re-planning readers.

use super::*;

#[test]
fn schedule_rows_file_is_validated() {
    let dir = std::env::temp_dir().join(format!("tandem-replan-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("schedule.csv");
    std::fs::write(
        &path,
        "task,team,start,people\na,x,1,2\na,x,2,1\nb,x,soon,1\n",
    )
    .unwrap();
    let err = read_schedule_rows(&path).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(":3: column `task`: duplicate task id `a`"),
        "{text}"
    );
    assert!(
        text.contains(":4: column `start`: `soon` is not an integer >= 0"),
        "{text}"
    );
    std::fs::write(&path, "task,start\na,1\n").unwrap();
    let err = read_schedule_rows(&path).unwrap_err();
    assert!(
        err.to_string()
            .contains("column `team`: required column is missing")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
