pub fn render(_r: &super::RunReport) -> String {
    String::new()
}
