fn main() {
    println!("antrag {}", antrag_core::version());
}
